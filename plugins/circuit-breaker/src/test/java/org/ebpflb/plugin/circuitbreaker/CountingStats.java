package org.ebpflb.plugin.circuitbreaker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;

/** Data-plane counters a test advances: connection attempts and connect failures per target of one service. */
final class CountingStats implements DataPlaneStats {
    private final Map<Endpoint, TrafficCounters> targets = new ConcurrentHashMap<>();

    /** Adds new connections to a target, {@code failed} of them answered with RST. */
    void connections(Endpoint target, long attempts, long failed) {
        targets.merge(target, new TrafficCounters(0, 0, 0, 0, attempts, failed, failed, attempts - failed), TrafficCounters::plus);
    }

    @Override
    public TrafficCounters service(String service) {
        return TrafficCounters.ZERO;
    }

    @Override
    public Map<Endpoint, TrafficCounters> targets(String service) {
        return Map.copyOf(targets);
    }

    @Override
    public Map<String, Long> drops() {
        return Map.of();
    }
}
