package org.ebpflb.bpf;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.CtEvent;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * The per-CPU counters by service and backend name, with the active-connection gauges and conntrack figures from a
 * {@link ConntrackCensus}. Read from other threads (admin API, plugins) while the reconcile thread changes the
 * installed services, so which counter belongs to whom is republished as an immutable map after every change.
 */
final class Counters implements DataPlaneStats {
    private final LbMaps maps;
    private final CensusCache census;
    private final LbPrograms.Sizes sizes;
    private volatile Map<String, Ids> ids = Map.of();

    /** The counter indexes of one service: its own and its backends'. */
    private record Ids(int service, Map<Endpoint, Integer> backends) {
    }

    Counters(LbMaps maps, CensusCache census, LbPrograms.Sizes sizes) {
        this.maps = maps;
        this.census = census;
        this.sizes = sizes;
    }

    /** Republishes the counter indexes; called on the reconcile thread after every change. */
    void publish(Collection<InstalledService> services) {
        Map<String, Ids> next = new LinkedHashMap<>();
        services.forEach(s -> next.put(s.name, new Ids(s.id,
                Collections.unmodifiableMap(new LinkedHashMap<>(s.backends)))));
        ids = Collections.unmodifiableMap(next);
    }

    /**
     * @param service a service name
     * @param backend one of its backends
     * @return the ids the kernel tags the backend's flows with ({@code service_id}, {@code backend_id}), if installed
     */
    Optional<int[]> flowIds(String service, Endpoint backend) {
        Ids i = ids.get(service);
        Integer b = i == null ? null : i.backends().get(backend);
        return b == null ? Optional.empty() : Optional.of(new int[] {i.service(), b});
    }

    /** @param service a service name @return its id, if installed */
    Optional<Integer> serviceId(String service) {
        return Optional.ofNullable(ids.get(service)).map(Ids::service);
    }

    /** @param serviceId a service id @return the installed service with that id */
    Optional<String> serviceName(int serviceId) {
        return ids.entrySet().stream().filter(e -> e.getValue().service() == serviceId).map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public TrafficCounters service(String service) {
        Ids i = ids.get(service);
        return i == null ? TrafficCounters.ZERO : maps.serviceStats(i.service())
                .withActive(census.get().activeByService().getOrDefault(i.service(), 0L));
    }

    @Override
    public Map<Endpoint, TrafficCounters> targets(String service) {
        Ids i = ids.get(service);
        Map<Endpoint, TrafficCounters> out = new LinkedHashMap<>();
        if (i != null) {
            Map<Integer, Long> active = census.get().activeByBackend();
            i.backends().forEach((e, id) -> out.put(e, maps.backendStats(id).withActive(active.getOrDefault(id, 0L))));
        }
        return out;
    }

    @Override
    public Map<String, Long> drops() {
        return maps.reasons();
    }

    /** Reads every counter map once (three syscalls), however many services and backends are wanted. */
    @Override
    public TrafficSnapshot snapshot(Collection<String> wanted) {
        Map<String, Ids> now = ids;
        int serviceCount = 0;
        int backendCount = 0;
        for (Ids i : now.values()) {
            serviceCount = Math.max(serviceCount, i.service() + 1);
            for (int b : i.backends().values()) {
                backendCount = Math.max(backendCount, b + 1);
            }
        }
        List<TrafficCounters> byService = maps.serviceStatsBatch(serviceCount);
        List<TrafficCounters> byBackend = maps.backendStatsBatch(backendCount);
        ConntrackCensus counted = census.get();
        Map<String, TrafficSnapshot.ServiceTraffic> out = new LinkedHashMap<>();
        for (String name : wanted) {
            Ids i = now.get(name);
            if (i != null) {
                Map<Endpoint, TrafficCounters> targets = new LinkedHashMap<>();
                i.backends().forEach((e, id) -> targets.put(e, byBackend.get(id)
                        .withActive(counted.activeByBackend().getOrDefault(id, 0L))));
                TrafficCounters service = byService.get(i.service())
                        .withActive(counted.activeByService().getOrDefault(i.service(), 0L));
                out.put(name, new TrafficSnapshot.ServiceTraffic(service, targets));
            }
        }
        return new TrafficSnapshot(out, maps.reasons());
    }

    /**
     * Evictions are what was inserted and neither deleted nor still there: the kernel does not count them. Every figure
     * comes from one census (at most a second old), never from counters read at another moment.
     */
    @Override
    public ConntrackStats conntrack() {
        ConntrackCensus now = census.get();
        Map<CtEvent, Long> events = now.events();
        long evicted = events.get(CtEvent.INSERTED) - events.get(CtEvent.DELETED) - events.get(CtEvent.CP_DELETED)
                - now.confirmedEntries();
        long established = now.activeByService().values().stream().mapToLong(Long::longValue).sum();
        return new ConntrackStats(sizes.connections(), established, sizes.halfOpen(), now.halfOpen(),
                Math.max(0, evicted), events.get(CtEvent.REDERIVED), events.get(CtEvent.INSERT_FAILED));
    }
}
