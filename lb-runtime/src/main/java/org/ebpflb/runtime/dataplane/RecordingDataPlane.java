package org.ebpflb.runtime.dataplane;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Endpoint;

/**
 * A data plane that only remembers what it was told: the last tables per service and how many writes it took. It
 * forwards no packets and its counters stay zero. Used where no kernel is involved (tests, offline {@code explain})
 * and, until the kernel data plane is wired in, by {@code run}, which says so loudly.
 */
public final class RecordingDataPlane implements DataPlane {
    /** What {@link #description()} says, so nobody mistakes it for the kernel data plane. */
    public static final String DESCRIPTION = "in-memory recording data plane: forwards no packets";

    private final Map<String, ServiceTables> installed = new LinkedHashMap<>();
    private final AtomicLong applies = new AtomicLong();
    private final AtomicLong removes = new AtomicLong();

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public synchronized void apply(ServiceTables tables) {
        installed.put(tables.service(), tables);
        applies.incrementAndGet();
    }

    @Override
    public synchronized void remove(String service) {
        installed.remove(service);
        removes.incrementAndGet();
    }

    @Override
    public synchronized Set<String> installed() {
        return Set.copyOf(installed.keySet());
    }

    @Override
    public synchronized Optional<ServiceTables> tables(String service) {
        return Optional.ofNullable(installed.get(service));
    }

    /** @return how many times {@link #apply} was called */
    public long applyCount() {
        return applies.get();
    }

    /** @return how many times {@link #remove} was called */
    public long removeCount() {
        return removes.get();
    }

    @Override
    public DataPlaneStats stats() {
        return new DataPlaneStats() {
            @Override
            public TrafficCounters service(String service) {
                return TrafficCounters.ZERO;
            }

            @Override
            public Map<Endpoint, TrafficCounters> targets(String service) {
                return Map.of();
            }

            @Override
            public Map<String, Long> drops() {
                return Map.of();
            }
        };
    }

    @Override
    public void close() {
        // nothing to release: no kernel state
    }
}
