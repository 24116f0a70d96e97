package org.ebpflb.bpf.maps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.bpf.libbpf.BpfMap;

/** Typed access to every map of lb_maps.h, one field per map. */
public final class LbMaps {
    /** Names of the maps, as in lb_maps.h. */
    public static final List<String> NAMES = List.of("lb_services", "lb_source_routes", "lb_groups", "lb_tables",
            "lb_maglev", "lb_backends", "lb_conntrack", "lb_ct_pending", "lb_ct_events", "lb_service_stats",
            "lb_backend_stats", "lb_reasons", "lb_config", "lb_service_meta", "lb_group_meta", "lb_rl_services",
            "lb_rl_sources", "lb_rl_backends", "lb_rl_allow", "lb_rl_stats", "lb_drains", "lb_service_ports",
            "lb_conn_events", "lb_svc_events", "lb_reverse");
    /** LB_NO_BACKEND */
    public static final int NO_BACKEND = -1;

    /** (address or any, port, protocol) to service. */
    public final TypedMap<ServiceKey, ServiceValue> services;
    /** port to the protocols some service listens on there. */
    public final ServicePorts servicePorts;
    /** group id to live table id. */
    public final TypedMap<Integer, GroupValue> groups;
    /** table id to region. */
    public final TypedMap<Integer, TableValue> tables;
    /** backend id to endpoint. */
    public final TypedMap<Integer, BackendValue> backends;
    /** (backend address, port, protocol) to the service address whose flows to it keep no reverse entry. */
    public final TypedMap<ServiceKey, ServiceKey> reverse;
    /** five-tuple to NAT entry of a confirmed flow. */
    public final TypedMap<CtKey, CtValue> conntrack;
    /** five-tuple to NAT entry of a flow not confirmed yet. */
    public final TypedMap<CtKey, CtValue> pending;
    /** service id to meta. */
    public final TypedMap<Integer, ServiceMeta> serviceMeta;
    /** group id to meta. */
    public final TypedMap<Integer, GroupMeta> groupMeta;
    /** (service, backend) to drain, control plane only. */
    public final TypedMap<DrainKey, DrainValue> drains;
    /** service id to rate limits. */
    public final TypedMap<Integer, RateLimitValue> rateLimits;
    /** (service id, client prefix) to per-source token bucket. */
    public final TypedMap<BucketKey, BucketValue> sourceBuckets;
    /** backend id to per-backend token bucket. */
    public final TypedMap<Integer, BucketValue> backendBuckets;
    /** LPM allow lists of the per-source limits (values unused). */
    public final TypedMap<SourceKey, Integer> rateLimitAllow;
    /** service id to connection events wanted: 0 none, 1 all, N one flow in N. */
    public final TypedMap<Integer, Integer> serviceEvents;
    /** the connection-event ring buffer. */
    public final BpfMap connectionEvents;
    /** LPM source routes (raw: keys are written, never read back by value). */
    public final BpfMap sourceRoutes;
    /** Maglev slots. */
    public final BpfMap maglev;
    /** config (index 0). */
    public final BpfMap config;
    private final BpfMap serviceStats;
    private final BpfMap backendStats;
    private final BpfMap reasons;
    private final BpfMap ctEvents;
    private final BpfMap rateLimitStats;

    /** @param byName the loaded maps by name */
    public LbMaps(Function<String, BpfMap> byName) {
        services = new TypedMap<>(byName.apply("lb_services"), ServiceKey::encode, ServiceKey::decode,
                ServiceValue::encode, ServiceValue::decode);
        servicePorts = new ServicePorts(byName.apply("lb_service_ports"));
        groups = indexed(byName.apply("lb_groups"), GroupValue::encode, GroupValue::decode);
        tables = indexed(byName.apply("lb_tables"), TableValue::encode, TableValue::decode);
        backends = indexed(byName.apply("lb_backends"), BackendValue::encode, BackendValue::decode);
        reverse = new TypedMap<>(byName.apply("lb_reverse"), ServiceKey::encode, ServiceKey::decode, ServiceKey::encode,
                ServiceKey::decode);
        conntrack = new TypedMap<>(byName.apply("lb_conntrack"), CtKey::encode, CtKey::decode, CtValue::encode,
                CtValue::decode);
        pending = new TypedMap<>(byName.apply("lb_ct_pending"), CtKey::encode, CtKey::decode, CtValue::encode,
                CtValue::decode);
        serviceMeta = indexed(byName.apply("lb_service_meta"), ServiceMeta::encode, ServiceMeta::decode);
        groupMeta = indexed(byName.apply("lb_group_meta"), GroupMeta::encode, GroupMeta::decode);
        drains = new TypedMap<>(byName.apply("lb_drains"), DrainKey::encode, DrainKey::decode, DrainValue::encode,
                DrainValue::decode);
        sourceRoutes = byName.apply("lb_source_routes");
        maglev = byName.apply("lb_maglev");
        config = byName.apply("lb_config");
        serviceStats = byName.apply("lb_service_stats");
        backendStats = byName.apply("lb_backend_stats");
        reasons = byName.apply("lb_reasons");
        ctEvents = byName.apply("lb_ct_events");
        rateLimits = indexed(byName.apply("lb_rl_services"), RateLimitValue::encode, RateLimitValue::decode);
        sourceBuckets = new TypedMap<>(byName.apply("lb_rl_sources"), BucketKey::encode, BucketKey::decode,
                BucketValue::encode, BucketValue::decode);
        backendBuckets = indexed(byName.apply("lb_rl_backends"), BucketValue::encode, BucketValue::decode);
        rateLimitAllow = new TypedMap<>(byName.apply("lb_rl_allow"), SourceKey::encode, SourceKey::decode,
                TypedMap::index, TypedMap::index);
        rateLimitStats = byName.apply("lb_rl_stats");
        serviceEvents = indexed(byName.apply("lb_svc_events"), TypedMap::index, TypedMap::index);
        connectionEvents = byName.apply("lb_conn_events");
    }

    private static <V> TypedMap<Integer, V> indexed(BpfMap map, Function<V, byte[]> enc, Function<byte[], V> dec) {
        return new TypedMap<>(map, TypedMap::index, TypedMap::index, enc, dec);
    }

    /** @param value timeouts */
    public void writeConfig(ConfigValue value) {
        config.update(TypedMap.index(0), value.encode());
    }

    /** @param route the LPM key @param group its group id */
    public void putSourceRoute(SourceKey route, int group) {
        sourceRoutes.update(route.encode(), TypedMap.index(group));
    }

    /** @param route the LPM key @return whether it existed */
    public boolean deleteSourceRoute(SourceKey route) {
        return sourceRoutes.delete(route.encode());
    }

    /**
     * Writes a table region with one batch syscall.
     *
     * @param base first slot
     * @param backendIds backend id per slot ({@link #NO_BACKEND} for none)
     */
    public void writeSlots(int base, int[] backendIds) {
        ByteBuffer keys = ByteBuffer.allocate(backendIds.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = ByteBuffer.allocate(backendIds.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < backendIds.length; i++) {
            keys.putInt(base + i);
            values.putInt(backendIds[i]);
        }
        maglev.updateBatch(keys.array(), values.array());
    }

    /** @param base first slot @param size slots @return backend ids in the region */
    public int[] readSlots(int base, int size) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = TypedMap.index(maglev.lookup(TypedMap.index(base + i)).orElseThrow());
        }
        return out;
    }

    /** @param serviceId service id @return counters summed over CPUs */
    public TrafficCounters serviceStats(int serviceId) {
        return StatsValue.sum(serviceStats.lookupPerCpu(TypedMap.index(serviceId)));
    }

    /** @param backendId backend id @return counters summed over CPUs */
    public TrafficCounters backendStats(int backendId) {
        return StatsValue.sum(backendStats.lookupPerCpu(TypedMap.index(backendId)));
    }

    /** @param count ids 0..count-1 @return service counters by id, summed over CPUs, read in one syscall */
    public List<TrafficCounters> serviceStatsBatch(int count) {
        return serviceStats.lookupPerCpuBatch(count).stream().map(StatsValue::sum).toList();
    }

    /** @param count ids 0..count-1 @return backend counters by id, summed over CPUs, read in one syscall */
    public List<TrafficCounters> backendStatsBatch(int count) {
        return backendStats.lookupPerCpuBatch(count).stream().map(StatsValue::sum).toList();
    }

    /** @param serviceId a service id about to be reused: its counters restart at zero */
    public void resetServiceStats(int serviceId) {
        serviceStats.update(TypedMap.index(serviceId), new byte[serviceStats.valueBufferSize()]);
    }

    /** @param backendId a backend id about to be reused */
    public void resetBackendStats(int backendId) {
        backendStats.update(TypedMap.index(backendId), new byte[backendStats.valueBufferSize()]);
    }

    /** @param serviceId service id @return new flows the rate limits dropped, per scope, summed over CPUs */
    public Map<RateLimits.Scope, Long> rateLimited(int serviceId) {
        return RateLimitStats.sum(rateLimitStats.lookupPerCpu(TypedMap.index(serviceId)));
    }

    /** @param serviceId a service id about to be reused: its rate-limit counters restart at zero */
    public void resetRateLimited(int serviceId) {
        rateLimitStats.update(TypedMap.index(serviceId), new byte[rateLimitStats.valueBufferSize()]);
    }

    /** @return packets per {@link Reason} label, summed over CPUs, read in one syscall */
    public Map<String, Long> reasons() {
        Map<String, Long> out = new LinkedHashMap<>();
        sums(reasons, Reason.class).forEach((r, n) -> out.put(r.label(), n));
        return out;
    }

    /** @return conntrack events, summed over CPUs, read in one syscall */
    public Map<CtEvent, Long> ctEvents() {
        return sums(ctEvents, CtEvent.class);
    }

    /**
     * Adds entries the control plane deleted from lb_conntrack to their counter, which only user space writes.
     *
     * @param entries how many more
     */
    public void addControlPlaneDeletes(long entries) {
        byte[] key = TypedMap.index(CtEvent.CP_DELETED.ordinal());
        List<byte[]> cpus = ctEvents.lookupPerCpu(key);
        ByteBuffer value = ByteBuffer.allocate(ctEvents.valueBufferSize()).order(ByteOrder.LITTLE_ENDIAN);
        value.putLong(0, ByteBuffer.wrap(cpus.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong() + entries);
        for (int cpu = 1; cpu < cpus.size(); cpu++) {
            value.put(cpu * cpus.get(0).length, cpus.get(cpu));
        }
        ctEvents.update(key, value.array());
    }

    private static <E extends Enum<E>> Map<E, Long> sums(BpfMap perCpuCounters, Class<E> indexes) {
        Map<E, Long> out = new EnumMap<>(indexes);
        E[] constants = indexes.getEnumConstants();
        List<List<byte[]>> values = perCpuCounters.lookupPerCpuBatch(constants.length);
        for (E index : constants) {
            long total = 0;
            for (byte[] cpu : values.get(index.ordinal())) {
                total += ByteBuffer.wrap(cpu).order(ByteOrder.LITTLE_ENDIAN).getLong();
            }
            out.put(index, total);
        }
        return out;
    }
}
