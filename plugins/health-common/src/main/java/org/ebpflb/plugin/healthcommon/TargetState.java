package org.ebpflb.plugin.healthcommon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;

/**
 * The state machine of one checked target: thresholds, slow start, the next due time and the probe in flight.
 * The scheduler's tick and the probe's virtual thread both touch it, so every method holds the object's lock; none
 * of them blocks or publishes.
 */
final class TargetState {
    /** Slow start holds 25%, 50% and 75% for a third of {@code slow-start} each, then gives full weight. */
    private static final int RAMP_STEPS = 3;
    private static final double RAMP_UNIT = 0.25;

    private final String service;
    private final Endpoint endpoint;

    private Object serviceSource;
    private Object targetSource;
    private HealthCheckSettings settings;
    private Probe probe;

    private boolean healthy;
    private boolean everHealthy;
    private int successes;
    private int failures;
    private ProbeResult last;
    private Instant lastChange;
    private Instant rampStart;
    private Instant nextDue;
    private Attempt attempt;
    private long probes;
    private long skipped;
    private boolean removed;
    private double lastTickFactor;

    /**
     * Starts tracking a target in its initial state; with jitter its first probe is due at a random point of its
     * first interval, without jitter at once.
     *
     * @param service the service
     * @param endpoint the backend
     * @param settings effective settings
     * @param probe the bound probe
     * @param serviceSource the service config the settings came from (compared by identity)
     * @param targetSource the target spec the settings came from (compared by identity)
     * @param now the current time
     * @param random the scheduler's random source
     */
    public TargetState(String service, Endpoint endpoint, HealthCheckSettings settings, Probe probe,
                       Object serviceSource, Object targetSource, Instant now, RandomGenerator random) {
        this.service = service;
        this.endpoint = endpoint;
        this.settings = settings;
        this.probe = probe;
        this.serviceSource = serviceSource;
        this.targetSource = targetSource;
        this.healthy = settings.initialState() == InitialState.HEALTHY;
        this.everHealthy = healthy;
        this.lastChange = now;
        // with jitter, first probes spread over the first interval, so a boot or reload with thousands of targets
        // does not start them all in the same tick; without jitter, everything runs on the exact schedule
        this.nextDue = settings.jitter() > 0
                ? now.plusNanos((long) (random.nextDouble() * settings.interval().toNanos())) : now;
        this.lastTickFactor = healthy ? 1 : 0;
    }

    /** One probe run: what it runs with, and whether its verdict and its thread are done. */
    public static final class Attempt {
        private final Instant start;
        private final HealthCheckSettings settings;
        private final Probe probe;
        private Thread thread;
        private boolean cancelled;
        private boolean resolved;
        private boolean running = true;

        private Attempt(Instant start, HealthCheckSettings settings, Probe probe) {
            this.start = start;
            this.settings = settings;
            this.probe = probe;
        }

        /** @return when it started */
        public Instant start() {
            return start;
        }

        /** @return the settings it runs with */
        public HealthCheckSettings settings() {
            return settings;
        }

        /** @return the probe to run */
        public Probe probe() {
            return probe;
        }

        /** Interrupts the probe, or keeps it from starting; its thread still reports back through complete. */
        private void cancel() {
            cancelled = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** @return the service */
    public String service() {
        return service;
    }

    /** @return the backend */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * @param serviceConfig a service config
     * @param targetSpec a target spec
     * @return whether the current settings were resolved from exactly these objects
     */
    public synchronized boolean configuredFrom(Object serviceConfig, Object targetSpec) {
        return serviceSource == serviceConfig && targetSource == targetSpec;
    }

    /**
     * Applies new settings after a reload; counters and health carry over.
     *
     * @param newSettings effective settings
     * @param newProbe the bound probe
     * @param serviceConfig the service config they came from
     * @param targetSpec the target spec they came from
     * @param now the current time
     */
    public synchronized void reconfigure(HealthCheckSettings newSettings, Probe newProbe, Object serviceConfig,
                                         Object targetSpec, Instant now) {
        settings = newSettings;
        probe = newProbe;
        serviceSource = serviceConfig;
        targetSource = targetSpec;
        Instant bound = now.plus(newSettings.interval());
        if (nextDue.isAfter(bound)) {
            nextDue = bound;
        }
    }

    /**
     * Starts a probe when one is due. While the previous probe still runs the start is skipped and counted; if that
     * probe already overran its timeout and ignores the interrupt, the skip also counts as a failure, so a hung
     * probe cannot keep a target healthy.
     *
     * @param now the current time
     * @param random the scheduler's random source, for jitter
     * @param events where the failure of such a skip is added
     * @return the attempt to run, or null
     */
    public synchronized Attempt dispatchIfDue(Instant now, RandomGenerator random, List<LbEvent> events) {
        if (removed || now.isBefore(nextDue)) {
            return null;
        }
        // from the due time, not from now, so tick granularity does not stretch the interval
        nextDue = nextDue.plus(jittered(random));
        if (!nextDue.isAfter(now)) {
            nextDue = now.plus(jittered(random));
        }
        if (attempt != null && attempt.running) {
            skipped++;
            if (attempt.resolved) {
                events.addAll(apply(settings, ProbeResult.failure(Duration.between(attempt.start, now),
                        "skipped: previous probe still running " + Durations.format(Duration.between(attempt.start,
                                now)) + " after it started"), now));
            }
            return null;
        }
        attempt = new Attempt(now, settings, probe);
        return attempt;
    }

    /**
     * Called by the probe's thread before it runs the probe, so a cancel can interrupt it.
     *
     * @param a the attempt
     * @return false when the attempt was cancelled before it started; the thread must then complete it with null
     */
    public synchronized boolean begin(Attempt a) {
        a.thread = Thread.currentThread();
        return !a.cancelled;
    }

    /**
     * Records what a probe thread returned and frees the target for its next probe.
     *
     * @param a the attempt
     * @param result its result, or null when it was cancelled
     * @param now the current time
     * @return events to publish: the probe's completion and any health change
     */
    public synchronized List<LbEvent> complete(Attempt a, ProbeResult result, Instant now) {
        a.running = false;
        a.thread = null;
        if (result == null || a.resolved || removed) {
            return List.of();
        }
        a.resolved = true;
        return apply(a.settings, result, now);
    }

    /**
     * Fails an attempt that overran its timeout, and interrupts it. The target stays busy until the probe's thread
     * returns, so a probe that ignores interrupts never piles up behind itself.
     *
     * @param now the current time
     * @param grace how long past the timeout the probe's own timeout may take to report
     * @return events to publish
     */
    public synchronized List<LbEvent> expire(Instant now, Duration grace) {
        if (attempt == null || attempt.resolved || removed) {
            return List.of();
        }
        Duration timeout = attempt.settings.timeout();
        if (now.isBefore(attempt.start.plus(timeout).plus(grace))) {
            return List.of();
        }
        attempt.resolved = true;
        attempt.cancel();
        ProbeResult timedOut = ProbeResult.failure(Duration.between(attempt.start, now),
                "timed out after " + Durations.format(timeout));
        return apply(attempt.settings, timedOut, now);
    }

    /** Stops tracking: cancels the probe in flight and ignores its result. */
    public synchronized void remove() {
        removed = true;
        if (attempt != null && attempt.running) {
            attempt.cancel();
        }
    }

    private List<LbEvent> apply(HealthCheckSettings s, ProbeResult result, Instant now) {
        probes++;
        last = result;
        List<LbEvent> events = new ArrayList<>(2);
        events.add(new HealthProbeCompleted(now, service, endpoint, s.type(), result.success(), result.latency(),
                result.reason()));
        if (result.success()) {
            successes++;
            failures = 0;
            if (!healthy && successes >= s.healthyThreshold()) {
                healthy = true;
                lastChange = now;
                // slow start is for recovery: a target that has never been healthy gets its weight at once
                rampStart = everHealthy && !s.slowStart().isZero() ? now : null;
                everHealthy = true;
                events.add(new TargetHealthChanged(now, service, endpoint, true,
                        count(successes, "consecutive success", "consecutive successes") + ": " + result.reason()));
            }
        } else {
            failures++;
            successes = 0;
            if (healthy && failures >= s.unhealthyThreshold()) {
                healthy = false;
                lastChange = now;
                rampStart = null;
                events.add(new TargetHealthChanged(now, service, endpoint, false,
                        count(failures, "consecutive failure", "consecutive failures") + ": " + result.reason()));
            }
        }
        return events;
    }

    /**
     * @param now the current time
     * @return the weight factor and its reason
     */
    public synchronized WeightFactor factor(Instant now) {
        if (!healthy) {
            return new WeightFactor(0, FactorKind.AVAILABILITY, "unhealthy: " + unhealthyDetail());
        }
        double ramp = ramp(now);
        if (ramp < 1) {
            Duration since = Duration.between(rampStart, now);
            Duration left = settings.slowStart().minus(since);
            return new WeightFactor(ramp, FactorKind.AVAILABILITY, "slow start " + Math.round(ramp * 100)
                    + "%: healthy again " + Durations.format(since) + " ago, full weight in "
                    + Durations.format(left));
        }
        return WeightFactor.neutral(FactorKind.AVAILABILITY, "healthy (" + healthyDetail() + ")");
    }

    /**
     * Remembers the factor a tick saw, so the scheduler asks for a reconcile when slow start moves a step.
     *
     * @param now the current time
     * @return whether the factor differs from the previous tick's
     */
    public synchronized boolean factorMoved(Instant now) {
        double current = healthy ? ramp(now) : 0;
        if (rampStart != null && current >= 1) {
            rampStart = null;
        }
        boolean moved = current != lastTickFactor;
        lastTickFactor = current;
        return moved;
    }

    /**
     * @param now the current time
     * @return a snapshot
     */
    public synchronized TargetHealth view(Instant now) {
        WeightFactor f = factor(now);
        String state = !healthy ? "unhealthy" : f.value() < 1 ? "slow-start" : "healthy";
        return new TargetHealth(service, endpoint, settings.type(), healthy, state, successes, failures,
                Optional.ofNullable(last), lastChange, f.value(), f.reason(), attempt != null && attempt.running,
                probes, skipped);
    }

    /** @return whether it currently passes its thresholds */
    public synchronized boolean healthy() {
        return healthy;
    }

    private double ramp(Instant now) {
        if (rampStart == null) {
            return 1;
        }
        long total = settings.slowStart().toNanos();
        long elapsed = Duration.between(rampStart, now).toNanos();
        if (total <= 0 || elapsed >= total) {
            return 1;
        }
        long step = Math.max(0, elapsed) * RAMP_STEPS / total;
        return (step + 1) * RAMP_UNIT;
    }

    private Duration jittered(RandomGenerator random) {
        double stretch = 1 + settings.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(settings.interval().toNanos() * stretch));
    }

    private String unhealthyDetail() {
        if (failures > 0) {
            return count(failures, "consecutive failure", "consecutive failures") + ": " + last.reason();
        }
        if (last == null) {
            return "initial state, no probe yet";
        }
        return successes + " of " + settings.healthyThreshold() + " successes needed (last: " + last.reason() + ")";
    }

    private String healthyDetail() {
        if (last == null) {
            return "initial state, no probe yet";
        }
        if (!last.success()) {
            return count(failures, "failure", "failures") + " of " + settings.unhealthyThreshold()
                    + " before unhealthy: " + last.reason();
        }
        return last.reason() + ", " + latency(last.latency());
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** @return whole milliseconds such as {@code 3 ms}, or {@code <1 ms} */
    private static String latency(Duration latency) {
        long micros = latency.toNanos() / 1000;
        return micros < 1000 ? "<1 ms" : Math.round(micros / 1000.0) + " ms";
    }
}
