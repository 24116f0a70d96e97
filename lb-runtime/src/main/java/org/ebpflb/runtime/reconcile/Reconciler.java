package org.ebpflb.runtime.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.model.RuntimeState;
import org.ebpflb.runtime.pipeline.FactorTrace;
import org.ebpflb.runtime.pipeline.GroupTrace;
import org.ebpflb.runtime.pipeline.ServiceResult;
import org.ebpflb.runtime.pipeline.ServiceTrace;
import org.ebpflb.runtime.pipeline.TargetTrace;
import org.ebpflb.runtime.pipeline.WeightPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the data plane. One thread runs rounds: compute every service's tables through the pipeline,
 * apply only services whose tables differ from what the data plane reports it holds (it is the one record of that:
 * state left by an earlier run or lost by a failed apply is repaired by the next round), remove services no longer
 * configured, publish {@link WeightsApplied} per changed group, and keep the latest traces for {@code explain} and
 * {@code status}. Rounds are triggered by any event (debounced), by {@link #requestReconcile()}, and periodically,
 * for the factors that change with time alone. A round in which a modifier failed (its
 * factor stood in as 1) is followed by another one {@link #MODIFIER_RETRY} later, so a health verdict missed that
 * way reaches the data plane without waiting for an event or the periodic round.
 */
public final class Reconciler implements AutoCloseable {
    /** How long triggers are collected before a round runs. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);
    /** How often a round runs without any trigger. */
    public static final Duration DEFAULT_FULL_INTERVAL = Duration.ofSeconds(30);
    /** How soon a round follows one in which a modifier failed. */
    public static final Duration MODIFIER_RETRY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final RuntimeState state;
    private final WeightPipeline pipeline;
    private final DataPlane dataPlane;
    private final EventBus events;
    private final Clock clock;
    private final Duration debounce;
    private final Duration fullInterval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lb-reconcile").daemon(true).factory());
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean retryPending = new AtomicBoolean();
    /**
     * Services whose latest write or removal failed, with the data plane's reason; touched on the reconcile thread
     * only. Such a service is written again in every round, even when its tables equal what the data plane reports:
     * a write that failed halfway may have left part of it.
     */
    private final Map<String, String> failures = new HashMap<>();
    /**
     * Tables of services served in user space ({@link ServiceSpec#userSpace()}): computed like the others, never
     * written to the data plane, kept here for the backend selector; touched on the reconcile thread only.
     */
    private Map<String, ServiceTables> userSpace = Map.of();
    private volatile Map<String, String> unapplied = Map.of();
    private volatile Map<String, ServiceTrace> traces = Map.of();
    private volatile Map<String, ServiceTables> tables = Map.of();
    private volatile ReconcileStatus status = new ReconcileStatus(0, Optional.empty(), 0, Optional.empty());
    private AutoCloseable subscription;

    /**
     * @param state the running configuration and model
     * @param pipeline computes tables and traces
     * @param dataPlane where tables go
     * @param events where {@link WeightsApplied} goes and triggers come from
     * @param clock stamps events
     * @param debounce how long triggers are collected
     * @param fullInterval how often a round runs without any trigger
     */
    public Reconciler(RuntimeState state, WeightPipeline pipeline, DataPlane dataPlane, EventBus events, Clock clock,
                      Duration debounce, Duration fullInterval) {
        this.state = state;
        this.pipeline = pipeline;
        this.dataPlane = dataPlane;
        this.events = events;
        this.clock = clock;
        this.debounce = debounce;
        this.fullInterval = fullInterval;
    }

    /** Subscribes to events and schedules the periodic round. Call after a first {@link #reconcileNow()}. */
    public synchronized void start() {
        subscription = events.subscribe(LbEvent.class, e -> {
            // our own output must not trigger another round, and a probe result changes no weight by itself
            // (thousands a second at scale): the health plugins publish TargetHealthChanged when one does
            if (!(e instanceof WeightsApplied || e instanceof HealthProbeCompleted)) {
                requestReconcile();
            }
        });
        long every = fullInterval.toMillis();
        thread.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    /** Asks for a round after the debounce delay; requests within that delay share one round. */
    public void requestReconcile() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    pending.set(false);
                    round();
                }, debounce.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("reconciler closed; ignoring a reconcile request");
            }
        }
    }

    /**
     * Runs a round on the reconcile thread and waits for it (at startup, for offline explain, in tests).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void reconcileNow() throws InterruptedException {
        try {
            thread.submit(this::round).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reconcile round failed", e.getCause());
        }
    }

    /** @return the latest trace of every service, by name */
    public Map<String, ServiceTrace> traces() {
        return traces;
    }

    /** @return the tables last written per service, and those of services served in user space, by name */
    public Map<String, ServiceTables> tables() {
        return tables;
    }

    /**
     * @return services the data plane does not hold as {@link #traces()} shows them, with the reason: their latest
     *     write or removal failed (the data plane keeps what it had); rounds retry them
     */
    public Map<String, String> pending() {
        return unapplied;
    }

    /** @return rounds, writes and the last error */
    public ReconcileStatus status() {
        return status;
    }

    private void round() {
        try {
            runRound();
        } catch (RuntimeException e) { // a periodic task that throws is never run again: keep the loop alive
            log.error("reconcile round failed", e);
        }
    }

    private void runRound() {
        LbConfig config = state.config();
        Map<String, ServiceTrace> newTraces = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        Set<String> installed = dataPlane.installed();
        long writes = 0;
        Optional<String> error = Optional.empty();
        Map<String, ServiceTables> newUserSpace = new HashMap<>();
        for (ServiceSpec service : config.services()) {
            ServiceResult result = pipeline.compute(service, config.dataplane().panicThreshold());
            newTraces.put(service.name(), result.trace());
            targets.addAll(result.trace().targets());
            if (service.userSpace()) {
                ServiceTables previous = userSpace.get(service.name());
                if (!result.tables().equals(previous)) {
                    publishChanges(result, previous);
                }
                newUserSpace.put(service.name(), result.tables());
                continue;
            }
            ServiceTables previous = dataPlane.tables(service.name()).orElse(null);
            if (!result.tables().equals(previous) || failures.containsKey(service.name())) {
                try {
                    dataPlane.apply(result.tables());
                    failures.remove(service.name());
                    writes++;
                    publishChanges(result, previous);
                } catch (RuntimeException e) {
                    failures.put(service.name(), reason(e));
                    error = Optional.of("applying " + service.name() + ": " + e);
                    log.error("data plane refused the tables of service {}; retrying next round", service.name(), e);
                }
            }
        }
        Set<String> stale = new HashSet<>(installed);
        stale.removeAll(newTraces.keySet());
        stale.addAll(newUserSpace.keySet()); // a service that just moved to user space leaves the kernel
        stale.retainAll(installed);
        for (String name : stale) {
            try {
                dataPlane.remove(name);
                failures.remove(name);
                log.info("service {} removed from the data plane", name);
            } catch (RuntimeException e) {
                failures.put(name, reason(e));
                error = Optional.of("removing " + name + ": " + e);
                log.error("data plane failed to remove service {}; retrying next round", name, e);
            }
        }
        Set<String> holds = dataPlane.installed();
        failures.keySet().removeIf(name -> !newTraces.containsKey(name) && !holds.contains(name));
        traces = Map.copyOf(newTraces);
        Map<String, ServiceTables> written = new HashMap<>();
        for (String name : newTraces.keySet()) {
            if (!newUserSpace.containsKey(name)) {
                dataPlane.tables(name).ifPresent(t -> written.put(name, t));
            }
        }
        written.putAll(newUserSpace);
        userSpace = newUserSpace;
        tables = Map.copyOf(written);
        unapplied = Map.copyOf(failures);
        state.replaceTargets(config, targets);
        ReconcileStatus before = status;
        status = new ReconcileStatus(before.rounds() + 1, Optional.of(clock.instant()), before.applies() + writes,
                error);
        if (anyModifierFailed(newTraces.values())) {
            retrySoon();
        }
    }

    private static String reason(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static boolean anyModifierFailed(Iterable<ServiceTrace> serviceTraces) {
        for (ServiceTrace t : serviceTraces) {
            for (GroupTrace g : t.groups()) {
                if (g.targets().stream().anyMatch(r -> r.factors().stream().anyMatch(FactorTrace::failed))) {
                    return true;
                }
            }
        }
        return false;
    }

    // a slow first call (a cold JVM, a starved machine) must not leave its stand-in factor in force for a full interval
    private void retrySoon() {
        if (retryPending.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    retryPending.set(false);
                    round();
                }, MODIFIER_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                retryPending.set(false);
            }
        }
    }

    private void publishChanges(ServiceResult result, ServiceTables previous) {
        Map<String, GroupTable> before = new HashMap<>();
        if (previous != null) {
            previous.groups().forEach(g -> before.put(g.group(), g));
        }
        Instant now = clock.instant();
        List<GroupTable> groups = result.tables().groups();
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).equals(before.get(groups.get(i).group()))) {
                continue;
            }
            GroupTrace trace = result.trace().groups().get(i);
            Map<Endpoint, Double> effective = new LinkedHashMap<>();
            for (TargetTrace row : trace.targets()) {
                effective.merge(row.target().endpoint(), row.effective(), Double::sum);
            }
            events.publish(new WeightsApplied(now, trace.service(), trace.group(), effective, trace.panic().panic()));
        }
    }

    /** Stops the reconcile thread after the round in progress, if any. The data plane is left as it is. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("unsubscribing failed", e);
            }
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
