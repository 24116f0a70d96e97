package org.ebpflb.plugin.dns;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a name is asked again: its interval, or its clamped TTL when it respects TTLs, moved by a random jitter so
 * that names configured alike do not all query in the same instant.
 */
final class RefreshPolicy {
    private final Duration minRefresh;
    private final Duration maxRefresh;
    private final double jitter;
    private final RandomGenerator random;

    /**
     * @param minRefresh lower clamp of a TTL
     * @param maxRefresh upper clamp of a TTL
     * @param jitter fraction in [0, 0.5]
     * @param random source of the jitter
     */
    RefreshPolicy(Duration minRefresh, Duration maxRefresh, double jitter, RandomGenerator random) {
        this.minRefresh = minRefresh;
        this.maxRefresh = maxRefresh;
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * @param settings the name's settings
     * @param ttl the answer's TTL
     * @return the delay until the next query
     */
    Duration afterSuccess(RefreshSettings settings, Duration ttl) {
        return jittered(settings.respectTtl() ? clamp(ttl) : settings.interval());
    }

    /**
     * A failed name is retried at its interval: the TTL of an answer that did not come means nothing.
     *
     * @param settings the name's settings
     * @return the delay until the next query
     */
    Duration afterFailure(RefreshSettings settings) {
        return jittered(settings.interval());
    }

    /**
     * @param ttl a record TTL
     * @return the TTL within [min-refresh, max-refresh]
     */
    Duration clamp(Duration ttl) {
        if (ttl.compareTo(minRefresh) < 0) {
            return minRefresh;
        }
        return ttl.compareTo(maxRefresh) > 0 ? maxRefresh : ttl;
    }

    private Duration jittered(Duration base) {
        if (jitter == 0) {
            return base;
        }
        double factor = 1 + random.nextDouble(-jitter, jitter);
        return Duration.ofNanos(Math.round(base.toNanos() * factor));
    }
}
