package org.ebpflb.bpf;

import java.time.Duration;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * The latest {@link ConntrackCensus}, taken again when it is older than a second: status, metrics and plugins may all
 * ask within one round, and a full table is millions of entries to read.
 */
final class CensusCache {
    private static final long MAX_AGE_NS = Duration.ofSeconds(1).toNanos();

    private final LbMaps maps;
    private final ConfigValue timeouts;
    private ConntrackCensus last;
    private long takenAt;

    CensusCache(LbMaps maps, ConfigValue timeouts) {
        this.maps = maps;
        this.timeouts = timeouts;
    }

    /** @return a census at most a second old */
    synchronized ConntrackCensus get() {
        long now = System.nanoTime();
        if (last == null || now - takenAt > MAX_AGE_NS) {
            last = ConntrackCensus.take(maps, timeouts, now);
            takenAt = now;
        }
        return last;
    }
}
