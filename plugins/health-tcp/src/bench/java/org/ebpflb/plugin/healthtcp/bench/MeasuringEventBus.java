package org.ebpflb.plugin.healthtcp.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;

/**
 * The benchmark's event bus. lb-testkit's RecordingEventBus keeps every event in a copy-on-write list, which at 10,000
 * probes a second costs more than the checker it would measure; this bus keeps numbers instead. Each
 * {@link HealthProbeCompleted} gives its target's probe start ({@code at} minus {@code latency}); while the window is
 * open, the time between a target's consecutive starts goes into the interval histograms, and results into counters.
 * Each target's latest health changes are kept, window or not, and every failed probe is counted by phase, by
 * whether its target is one the benchmark closes, and by reason. Delivery is synchronous on the publishing probe thread;
 * the health plugins publish and never subscribe, so subscribing is refused.
 */
final class MeasuringEventBus implements EventBus {
    private static final Duration RESOLUTION = Duration.ofNanos(100_000);
    private static final Duration RANGE = Duration.ofSeconds(5);

    private final Map<Endpoint, Integer> index = new HashMap<>();
    private final long intervalNanos;
    private final long bandNanos;
    private final AtomicLongArray lastStart;
    private final AtomicLongArray unhealthyAt;
    private final AtomicLongArray healthyAt;
    private final Predicate<Endpoint> closing;
    private volatile boolean open;
    private volatile String phase = "warm-up";

    /** Time between a target's consecutive probe starts. */
    final Histogram intervals = new Histogram(RESOLUTION, RANGE);
    /** |actual interval - configured interval|. */
    final Histogram errors = new Histogram(RESOLUTION, RANGE);
    /** How far an interval fell outside the band the configured jitter allows: 0 inside it. */
    final Histogram beyondJitter = new Histogram(RESOLUTION, RANGE);
    /** Probe latency as the probe measured it. */
    final Histogram latencies = new Histogram(Duration.ofNanos(10_000), Duration.ofSeconds(1));
    /** Probes completed in the window. */
    final AtomicLong probes = new AtomicLong();
    /** Failed probes in the window. */
    final AtomicLong failures = new AtomicLong();
    /** Health changes in the window. */
    final AtomicLong changes = new AtomicLong();
    /** Events about endpoints that are not benchmark targets, ever (should stay 0). */
    final AtomicLong strangers = new AtomicLong();
    /** Failed probes, keyed "phase, closed address or other targets: reason". */
    final Map<String, LongAdder> failuresByReason = new ConcurrentHashMap<>();

    /**
     * @param targets every probed endpoint, in a fixed order
     * @param interval the configured interval
     * @param jitter the configured jitter fraction
     * @param closing the targets whose listeners the benchmark closes, told apart in {@link #failuresByReason}
     */
    MeasuringEventBus(List<Endpoint> targets, Duration interval, double jitter, Predicate<Endpoint> closing) {
        this.closing = closing;
        for (int i = 0; i < targets.size(); i++) {
            index.put(targets.get(i), i);
        }
        this.intervalNanos = interval.toNanos();
        this.bandNanos = Math.round(jitter * intervalNanos);
        this.lastStart = new AtomicLongArray(targets.size());
        this.unhealthyAt = new AtomicLongArray(targets.size());
        this.healthyAt = new AtomicLongArray(targets.size());
    }

    /** Starts counting. */
    void openWindow() {
        phase = "window";
        open = true;
    }

    /** Stops counting; later events still update the per-target state. */
    void closeWindow() {
        open = false;
        phase = "after the window";
    }

    /** @return how many targets it tracks */
    int size() {
        return lastStart.length();
    }

    /**
     * @param target a target's index in the list given at construction
     * @return when it last became unhealthy (epoch nanoseconds), 0 if never
     */
    long unhealthyAt(int target) {
        return unhealthyAt.get(target);
    }

    /**
     * @param target a target's index
     * @return when it last became healthy (epoch nanoseconds), 0 if never
     */
    long healthyAt(int target) {
        return healthyAt.get(target);
    }

    @Override
    public void publish(LbEvent event) {
        switch (event) {
            case HealthProbeCompleted p -> probed(p);
            case TargetHealthChanged c -> changed(c);
            default -> {
            }
        }
    }

    @Override
    public <T extends LbEvent> AutoCloseable subscribe(Class<T> type, Consumer<? super T> subscriber) {
        throw new UnsupportedOperationException("the benchmark's event bus only measures what is published");
    }

    /**
     * @param at an instant
     * @return nanoseconds since the epoch
     */
    static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private void probed(HealthProbeCompleted p) {
        Integer i = index.get(p.target());
        if (i == null) {
            strangers.incrementAndGet();
            return;
        }
        long start = epochNanos(p.at()) - p.latency().toNanos();
        long previous = lastStart.getAndSet(i, start);
        if (!p.success()) {
            // the scheduler's own "skipped" reason carries a duration; one key for all of them
            String reason = p.reason().startsWith("skipped:") ? "skipped: previous probe still running" : p.reason();
            failuresByReason.computeIfAbsent(phase + ", " + (closing.test(p.target()) ? "closed address"
                    : "other targets") + ": " + reason, k -> new LongAdder()).increment();
        }
        if (!open) {
            return;
        }
        probes.incrementAndGet();
        if (!p.success()) {
            failures.incrementAndGet();
        }
        latencies.record(p.latency().toNanos());
        if (previous != 0) {
            long interval = start - previous;
            long error = Math.abs(interval - intervalNanos);
            intervals.record(interval);
            errors.record(error);
            beyondJitter.record(error - bandNanos);
        }
    }

    private void changed(TargetHealthChanged c) {
        Integer i = index.get(c.target());
        if (i == null) {
            strangers.incrementAndGet();
            return;
        }
        (c.healthy() ? healthyAt : unhealthyAt).set(i, epochNanos(c.at()));
        if (open) {
            changes.incrementAndGet();
        }
    }
}
