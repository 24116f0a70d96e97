package org.ebpflb.plugin.circuitbreaker;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.event.CircuitStateChanged;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every circuit of the services that have a {@code circuit-breaker} block. Each check reads the data plane's
 * per-target new connections and connect failures since the previous check, adds the health probes reported
 * meanwhile, moves the circuits, keeps each group within {@code max-ejection-pct}, publishes every transition and
 * asks for new tables when a factor changed. Thread-safe.
 */
final class BreakerBook implements WeightModifier {
    private static final Logger LOG = LoggerFactory.getLogger(BreakerBook.class);

    /** A circuit's identity. */
    record Key(String service, Endpoint target) {
    }

    private final Clock clock;
    private final EventBus events;
    private final Runnable requestReconcile;
    private final Map<Key, Circuit> circuits = new LinkedHashMap<>();
    private final Map<Key, TrafficCounters> lastCounters = new HashMap<>();
    private final ConcurrentLinkedQueue<HealthProbeCompleted> probes = new ConcurrentLinkedQueue<>();
    private Map<String, BreakerSettings> settings = Map.of();
    /** The factors in force, republished after every change, so the reconcile thread never waits for a check. */
    private volatile Map<Key, WeightFactor> factors = Map.of();
    private Map<Key, List<String>> groupsOf = Map.of();
    private Map<String, Map<String, List<Key>>> groups = Map.of();

    /**
     * @param clock every time decision
     * @param events where transitions go
     * @param requestReconcile asks for new tables when a factor changed
     */
    BreakerBook(Clock clock, EventBus events, Runnable requestReconcile) {
        this.clock = clock;
        this.events = events;
        this.requestReconcile = requestReconcile;
    }

    /**
     * Follows the configuration: circuits for the targets of services with a breaker, kept across reloads by
     * service and address; circuits of targets that left are dropped.
     *
     * @param model the current model
     * @param breakers each watched service's breaker
     */
    synchronized void sync(ServiceModel model, Map<String, BreakerSettings> breakers) {
        settings = Map.copyOf(breakers);
        Map<Key, List<String>> byKey = new LinkedHashMap<>();
        Map<String, Map<String, List<Key>>> byGroup = new LinkedHashMap<>();
        for (Target t : model.targets()) {
            if (!breakers.containsKey(t.service())) {
                continue;
            }
            Key key = new Key(t.service(), t.endpoint());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(t.group());
            byGroup.computeIfAbsent(t.service(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(t.group(), g -> new ArrayList<>()).add(key);
            circuits.computeIfAbsent(key, k -> new Circuit());
        }
        circuits.keySet().retainAll(byKey.keySet());
        lastCounters.keySet().retainAll(byKey.keySet());
        groupsOf = byKey;
        groups = byGroup;
        publishFactors();
    }

    /** @param probe a health probe result; counted at the next check when its service is watched */
    void probed(HealthProbeCompleted probe) {
        probes.add(probe);
    }

    /**
     * One check.
     *
     * @param stats the data plane's counters
     */
    synchronized void check(DataPlaneStats stats) {
        Instant now = clock.instant();
        Map<Key, Outcomes> seen = new HashMap<>();
        for (HealthProbeCompleted p = probes.poll(); p != null; p = probes.poll()) {
            seen.merge(new Key(p.service(), p.target()), new Outcomes(1, p.success() ? 0 : 1), Outcomes::plus);
        }
        Map<String, Map<Endpoint, TrafficCounters>> counters = new HashMap<>();
        Function<String, Map<Endpoint, TrafficCounters>> read = s -> counters.computeIfAbsent(s, stats::targets);
        boolean changed = false;
        for (Map.Entry<Key, Circuit> e : circuits.entrySet()) {
            Key key = e.getKey();
            TrafficCounters now0 = read.apply(key.service()).get(key.target());
            Outcomes fromTraffic = delta(key, now0);
            Outcomes all = fromTraffic.plus(seen.getOrDefault(key, Outcomes.NONE));
            BreakerSettings s = settings.get(key.service());
            e.getValue().record(now, all, s);
            Optional<Circuit.Transition> t = e.getValue().advance(now, s);
            if (t.isPresent()) {
                publish(now, key, t.get());
                changed = true;
            }
        }
        changed |= openTripped(now);
        publishFactors();
        if (changed) {
            requestReconcile.run();
        }
    }

    /**
     * An operator's command on one circuit.
     *
     * @param service a watched service
     * @param target one of its targets
     * @param command open, close or reset
     * @return the circuit's status row afterwards, empty when there is no such circuit
     */
    synchronized Optional<Map<String, Object>> command(String service, Endpoint target, Command command) {
        Key key = new Key(service, target);
        Circuit c = circuits.get(key);
        if (c == null) {
            return Optional.empty();
        }
        publish(clock.instant(), key, c.command(command));
        publishFactors();
        requestReconcile.run();
        return Optional.of(row(key, c, clock.instant()));
    }

    @Override
    public String name() {
        return CircuitBreakerPlugin.ID;
    }

    @Override
    public int order() {
        return ORDER_CIRCUIT_BREAKER;
    }

    /**
     * @param target a concrete target
     * @return its circuit's factor as of the last check or command; 1 for a service without a breaker
     */
    @Override
    public WeightFactor factor(Target target) {
        WeightFactor f = factors.get(new Key(target.service(), target.endpoint()));
        return f != null ? f : WeightFactor.neutral(FactorKind.AVAILABILITY, "no circuit-breaker block");
    }

    private void publishFactors() {
        Instant now = clock.instant();
        Map<Key, WeightFactor> next = new HashMap<>();
        circuits.forEach((key, c) -> next.put(key, c.factor(now, settings.get(key.service()))));
        factors = Map.copyOf(next);
    }

    /** @param service a service @return whether it has a breaker */
    synchronized boolean watches(String service) {
        return settings.containsKey(service);
    }

    /** @return per service, one row per circuit */
    synchronized Map<String, List<Map<String, Object>>> snapshot() {
        Instant now = clock.instant();
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        circuits.forEach((key, c) -> out.computeIfAbsent(key.service(), s -> new ArrayList<>())
                .add(row(key, c, now)));
        return out;
    }

    private Map<String, Object> row(Key key, Circuit c, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", key.target().toString());
        row.putAll(c.describe(now, settings.get(key.service())));
        return row;
    }

    /** Opens tripped circuits, worst error rate first, as far as every group of theirs allows. */
    private boolean openTripped(Instant now) {
        List<Map.Entry<Key, Circuit>> tripped = circuits.entrySet().stream()
                .filter(e -> e.getValue().tripReason(settings.get(e.getKey().service())).isPresent())
                .sorted(Comparator.comparingDouble((Map.Entry<Key, Circuit> e) -> -e.getValue().errorPercent()))
                .toList();
        boolean changed = false;
        for (Map.Entry<Key, Circuit> e : tripped) {
            Key key = e.getKey();
            BreakerSettings s = settings.get(key.service());
            String reason = e.getValue().tripReason(s).orElseThrow();
            Optional<String> full = fullGroup(key, s);
            if (full.isPresent()) {
                e.getValue().holdClosed("would open (" + reason + "), but " + full.get());
                continue;
            }
            publish(now, key, e.getValue().open(now, reason));
            changed = true;
        }
        return changed;
    }

    /** @return why a group of this target cannot lose another one, empty when none is at its cap */
    private Optional<String> fullGroup(Key key, BreakerSettings s) {
        for (String group : groupsOf.getOrDefault(key, List.of())) {
            List<Key> members = groups.get(key.service()).get(group);
            long ejected = members.stream().filter(k -> circuits.get(k).state() != CircuitState.CLOSED).count();
            int cap = s.maxEjected(members.size());
            if (ejected >= cap) {
                return Optional.of(ejected + " of " + members.size() + " targets of group " + group
                        + " are already out (max-ejection-pct " + Math.round(s.maxEjectionPct()) + ")");
            }
        }
        return Optional.empty();
    }

    private Outcomes delta(Key key, TrafficCounters now) {
        if (now == null) {
            return Outcomes.NONE;
        }
        TrafficCounters before = lastCounters.put(key, now);
        if (before == null) {
            return Outcomes.NONE; // the first reading is the baseline
        }
        long attempts = now.connectionsNew() - before.connectionsNew();
        long failures = now.connectFailures() - before.connectFailures();
        if (attempts < 0 || failures < 0) {
            return Outcomes.NONE; // counters restarted (the backend was re-added): a new baseline
        }
        return new Outcomes(attempts, failures);
    }

    private void publish(Instant at, Key key, Circuit.Transition t) {
        events.publish(new CircuitStateChanged(at, key.service(), key.target(), t.to().label(), t.reason()));
        LOG.info("circuit {} {}: {} ({})", key.service(), key.target(), t.to().label(), t.reason());
    }
}
