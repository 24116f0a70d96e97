package org.ebpflb.plugin.drain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;

/** The data-plane ports the drain plugin uses, in memory: settable active counts, a kept-drain map, reset calls. */
final class FakeDataPlane implements DataPlaneStats, DrainStore, FlowTable {
    final Map<String, Map<Endpoint, TrafficCounters>> counters = new ConcurrentHashMap<>();
    final Map<String, DrainStore.Entry> kept = new LinkedHashMap<>();
    final List<Endpoint> forgotten = new ArrayList<>();
    long flowsPerReset = 7;
    boolean full;

    /** Sets a target's active connections (opened minus closed). */
    void active(String service, Endpoint target, long active) {
        counters.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
                .put(target, new TrafficCounters(0, 0, 0, 0, active + 100, 100, 0, active));
    }

    @Override
    public TrafficCounters service(String service) {
        return TrafficCounters.ZERO;
    }

    @Override
    public Map<Endpoint, TrafficCounters> targets(String service) {
        return Map.copyOf(counters.getOrDefault(service, Map.of()));
    }

    @Override
    public Map<String, Long> drops() {
        return Map.of();
    }

    @Override
    public List<DrainStore.Entry> entries() {
        return List.copyOf(kept.values());
    }

    @Override
    public void save(DrainStore.Entry entry) {
        if (full) {
            throw new IllegalStateException("no room for more drains");
        }
        kept.put(entry.service() + "/" + entry.target(), entry);
    }

    @Override
    public void delete(String service, Endpoint target) {
        kept.remove(service + "/" + target);
    }

    @Override
    public long forget(String service, Endpoint target) {
        forgotten.add(target);
        return flowsPerReset;
    }
}
