package org.ebpflb.plugin.healthtcp.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts non-negative nanosecond values in equal buckets; probe threads record concurrently. A value past the range
 * lands in the last bucket and still sets the exact maximum. A percentile is its bucket's upper edge (capped at the
 * maximum), so it never understates.
 */
final class Histogram {
    private final long bucketNanos;
    private final AtomicLongArray counts;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /**
     * @param resolution the bucket width
     * @param range values up to this are counted exactly to {@code resolution}
     */
    Histogram(Duration resolution, Duration range) {
        this.bucketNanos = resolution.toNanos();
        this.counts = new AtomicLongArray(Math.toIntExact(range.toNanos() / bucketNanos + 1));
    }

    /** @param nanos a value; negative values count as 0 */
    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(counts.length() - 1, v / bucketNanos));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    /** @return how many values were recorded */
    long count() {
        return total.get();
    }

    /** @return the largest value recorded, 0 when none */
    long max() {
        return max.get();
    }

    /**
     * @param grid a period, longer than the resolution
     * @return the share of the values lying within a quarter period of a whole number of periods (by bucket centre):
     *     about 0.5 for values unrelated to the period, near 1 for values that are whole numbers of periods
     */
    double shareNearMultiplesOf(Duration grid) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long period = grid.toNanos();
        long near = 0;
        for (int i = 0; i < counts.length(); i++) {
            long centre = i * bucketNanos + bucketNanos / 2;
            long offset = centre % period;
            if (Math.min(offset, period - offset) <= period / 4) {
                near += counts.get(i);
            }
        }
        return (double) near / n;
    }

    /**
     * @param fraction e.g. 0.99
     * @return the smallest bucket edge at or below which that fraction of the values lie, 0 when empty
     */
    long percentile(double fraction) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min((i + 1) * bucketNanos, max.get());
            }
        }
        return max.get();
    }
}
