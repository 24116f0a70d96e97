package org.ebpflb.bpf;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * The per-CPU counters by service and backend name. Read from other threads (admin API, plugins) while the reconcile
 * thread changes the installed services, so which counter belongs to whom is republished as an immutable map after
 * every change.
 */
final class Counters implements DataPlaneStats {
    private final LbMaps maps;
    private volatile Map<String, Ids> ids = Map.of();

    /** The counter indexes of one service: its own and its backends'. */
    private record Ids(int service, Map<Endpoint, Integer> backends) {
    }

    Counters(LbMaps maps) {
        this.maps = maps;
    }

    /** Republishes the counter indexes; called on the reconcile thread after every change. */
    void publish(Collection<InstalledService> services) {
        Map<String, Ids> next = new LinkedHashMap<>();
        services.forEach(s -> next.put(s.name, new Ids(s.id,
                Collections.unmodifiableMap(new LinkedHashMap<>(s.backends)))));
        ids = Collections.unmodifiableMap(next);
    }

    @Override
    public TrafficCounters service(String service) {
        Ids i = ids.get(service);
        return i == null ? TrafficCounters.ZERO : maps.serviceStats(i.service());
    }

    @Override
    public Map<Endpoint, TrafficCounters> targets(String service) {
        Ids i = ids.get(service);
        Map<Endpoint, TrafficCounters> out = new LinkedHashMap<>();
        if (i != null) {
            i.backends().forEach((e, id) -> out.put(e, maps.backendStats(id)));
        }
        return out;
    }

    @Override
    public Map<String, Long> drops() {
        return maps.reasons();
    }
}
