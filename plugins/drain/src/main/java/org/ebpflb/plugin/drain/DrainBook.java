package org.ebpflb.plugin.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.event.DrainCancelled;
import org.ebpflb.api.event.DrainCompleted;
import org.ebpflb.api.event.DrainStarted;
import org.ebpflb.api.event.DrainTimedOut;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every drain of this instance and its state machine: draining -> completed (no active connection left) | timeout
 * (the deadline passed first); an undrain or the target leaving the configuration cancels it. A drained target's
 * factor is 0 in every state until it is undrained. Drains are kept in the data plane's {@link DrainStore} when
 * there is one, so a restart resumes them. Thread-safe: admin requests, the periodic check and the reconcile
 * thread meet here.
 */
final class DrainBook implements WeightModifier {
    private static final Logger LOG = LoggerFactory.getLogger(DrainBook.class);

    /** A drain's identity: one backend of one service. */
    record Key(String service, Endpoint target) {
    }

    /**
     * What a drain request did.
     *
     * @param drain the drain
     * @param created false when the target was already drained (the request changed nothing)
     * @param kept whether the drain is kept across a restart
     */
    record Started(Drain drain, boolean created, boolean kept) {
    }

    private final Clock clock;
    private final EventBus events;
    private final Optional<DrainStore> store;
    private final Optional<FlowTable> flows;
    private final Runnable requestReconcile;
    private final Duration grace;
    private final Map<Key, Drain> drains = new LinkedHashMap<>();
    private final Set<Key> unkept = new HashSet<>();

    /**
     * @param clock every time decision
     * @param events where transitions are published
     * @param store where drains outlive a restart, if the data plane has one
     * @param flows the data plane's flow table, for {@code on-timeout = reset}
     * @param requestReconcile asks for new tables after a drain starts or ends
     * @param grace how long after its start a drain is first checked: the tables without the target need a moment
     *     to reach the data plane, and a connection opened meanwhile must be waited for
     */
    DrainBook(Clock clock, EventBus events, Optional<DrainStore> store, Optional<FlowTable> flows,
              Runnable requestReconcile, Duration grace) {
        this.clock = clock;
        this.events = events;
        this.store = store;
        this.flows = flows;
        this.requestReconcile = requestReconcile;
        this.grace = grace;
    }

    /**
     * Resumes the drains an earlier run kept, as draining; the first check settles them. Entries for targets the
     * model no longer has end as {@link #sync} ends them.
     *
     * @return how many were resumed
     */
    synchronized int restore() {
        List<DrainStore.Entry> kept = store.map(DrainStore::entries).orElse(List.of());
        for (DrainStore.Entry e : kept) {
            drains.put(new Key(e.service(), e.target()), Drain.begin(e.service(), e.target(), e.started(),
                    e.timeout(), e.resetOnTimeout() ? OnTimeout.RESET : OnTimeout.KEEP));
        }
        return kept.size();
    }

    /**
     * Drains a target; a target already drained keeps its drain as it is.
     *
     * @param service the service
     * @param target one of its backends
     * @param timeout how long established connections may take
     * @param onTimeout what happens to connections left at the timeout
     * @return the drain and what the request did
     */
    synchronized Started start(String service, Endpoint target, Duration timeout, OnTimeout onTimeout) {
        Key key = new Key(service, target);
        Drain existing = drains.get(key);
        if (existing != null) {
            return new Started(existing, false, !unkept.contains(key));
        }
        // milliseconds: what the drain store keeps, so a resumed drain reports the same start
        Drain drain = Drain.begin(service, target, clock.instant().truncatedTo(ChronoUnit.MILLIS), timeout, onTimeout);
        drains.put(key, drain);
        boolean kept = keep(drain);
        events.publish(new DrainStarted(drain.started(), service, target, timeout));
        LOG.info("drain {} {}: started, timeout {}, on-timeout {}", service, target, Durations.format(timeout),
                onTimeout.configValue());
        requestReconcile.run();
        return new Started(drain, true, kept);
    }

    /**
     * Undrains a target: it takes new connections again.
     *
     * @param service the service
     * @param target the backend
     * @param reason why, for the event and the log
     * @return the drain as it was, empty when the target was not drained
     */
    synchronized Optional<Drain> end(String service, Endpoint target, String reason) {
        Key key = new Key(service, target);
        Drain drain = drains.remove(key);
        if (drain == null) {
            return Optional.empty();
        }
        unkept.remove(key);
        store.ifPresent(s -> s.delete(service, target));
        if (drain.state() == DrainState.DRAINING) {
            events.publish(new DrainCancelled(clock.instant(), service, target, reason));
        }
        LOG.info("drain {} {}: ended ({}) in state {}", service, target, reason, drain.state().label());
        requestReconcile.run();
        return Optional.of(drain);
    }

    /**
     * Ends the drains of targets the configuration no longer has (a reload removed them).
     *
     * @param model the current model
     */
    synchronized void sync(ServiceModel model) {
        Set<Key> configured = model.targets().stream().map(t -> new Key(t.service(), t.endpoint()))
                .collect(Collectors.toSet());
        for (Key key : List.copyOf(drains.keySet())) {
            if (!configured.contains(key)) {
                end(key.service(), key.target(), "target removed from the configuration");
            }
        }
    }

    /**
     * One check of every drain still draining: reads the targets' active connections and moves drains that
     * completed or timed out, with their events. A drain is first checked {@code grace} after its start; a target
     * the data plane has no counters for is not checked.
     *
     * @param stats the data plane's counters
     */
    synchronized void check(DataPlaneStats stats) {
        Instant now = clock.instant();
        Map<String, Map<Endpoint, TrafficCounters>> byService = new LinkedHashMap<>();
        for (Map.Entry<Key, Drain> e : drains.entrySet()) {
            Drain before = e.getValue();
            if (before.state() != DrainState.DRAINING || now.isBefore(before.started().plus(grace))) {
                continue;
            }
            TrafficCounters counters = byService.computeIfAbsent(before.service(), stats::targets)
                    .get(before.target());
            if (counters == null) {
                continue;
            }
            Drain after = before.check(now, counters.connectionsActive());
            if (after.state() == DrainState.COMPLETED) {
                events.publish(new DrainCompleted(now, after.service(), after.target()));
                LOG.info("drain {} {}: completed after {}", after.service(), after.target(),
                        Durations.format(after.elapsed(now)));
            } else if (after.state() == DrainState.TIMEOUT) {
                if (after.onTimeout() == OnTimeout.RESET) {
                    Key key = e.getKey();
                    after = after.withReset(flows.map(f -> f.forget(key.service(), key.target())).orElse(0L));
                }
                events.publish(new DrainTimedOut(now, after.service(), after.target(), after.active()));
                LOG.warn("drain {} {}: {}", after.service(), after.target(), after.reason(now));
            }
            e.setValue(after);
        }
    }

    @Override
    public String name() {
        return DrainPlugin.ID;
    }

    @Override
    public int order() {
        return ORDER_DRAIN;
    }

    /**
     * @param target a concrete target
     * @return 0 with the drain's state when it is drained, else 1
     */
    @Override
    public synchronized WeightFactor factor(Target target) {
        Drain drain = drains.get(new Key(target.service(), target.endpoint()));
        if (drain == null) {
            return WeightFactor.neutral(FactorKind.ADMINISTRATIVE, "not drained");
        }
        return new WeightFactor(0, FactorKind.ADMINISTRATIVE, drain.reason(clock.instant()));
    }

    /**
     * @param service a service
     * @param target a backend
     * @return its drain, if drained
     */
    synchronized Optional<Drain> find(String service, Endpoint target) {
        return Optional.ofNullable(drains.get(new Key(service, target)));
    }

    /** @return every drain as the admin API shows it, with whether it is kept across a restart */
    synchronized List<Map<String, Object>> snapshot() {
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        drains.forEach((key, drain) -> {
            Map<String, Object> row = drain.describe(now);
            row.put("kept-across-restart", !unkept.contains(key));
            out.add(row);
        });
        return out;
    }

    /** @return whether a restart would resume the drains (the data plane keeps pinned state) */
    boolean survivesRestart() {
        return store.isPresent();
    }

    private boolean keep(Drain drain) {
        Key key = new Key(drain.service(), drain.target());
        if (store.isEmpty()) {
            unkept.add(key);
            return false;
        }
        try {
            store.get().save(new DrainStore.Entry(drain.service(), drain.target(), drain.started(),
                    drain.timeout(), drain.onTimeout() == OnTimeout.RESET));
            return true;
        } catch (RuntimeException e) {
            unkept.add(key);
            LOG.warn("drain {} {}: runs, but is not kept across a restart: {}", drain.service(), drain.target(),
                    e.getMessage());
            return false;
        }
    }
}
