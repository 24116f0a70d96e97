package org.ebpflb.bpf;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.CtEvent;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.TypedMap;

/**
 * What the two conntrack tables hold at one moment, counted by reading them: the kernel keeps no count of an LRU
 * map's elements, and counting opens minus closes goes wrong as soon as the LRU evicts or an entry times out.
 *
 * @param activeByService confirmed connections per service id: forward entries neither closing nor idle past their
 *     timeout
 * @param activeByBackend the same per backend id
 * @param confirmedEntries every entry of lb_conntrack, stale ones too (what the LRU counts when it evicts)
 * @param halfOpen forward entries of lb_ct_pending within the half-open timeout
 * @param events the conntrack event counters, read right after the tables: evictions are computed from both, so they
 *     must come from the same moment
 */
record ConntrackCensus(Map<Integer, Long> activeByService, Map<Integer, Long> activeByBackend, long confirmedEntries,
                       long halfOpen, Map<CtEvent, Long> events) {
    private static final int CHUNK = 4096;

    /**
     * @param maps the maps
     * @param timeouts the timeouts the programs apply
     * @param nowNs CLOCK_MONOTONIC now ({@link System#nanoTime()} on Linux), the programs' clock
     * @return the counts
     */
    static ConntrackCensus take(LbMaps maps, ConfigValue timeouts, long nowNs) {
        Map<Integer, Long> byService = new HashMap<>();
        Map<Integer, Long> byBackend = new HashMap<>();
        long[] entries = {0};
        scan(maps.conntrack, (v, proto) -> {
            entries[0]++;
            if (v.dir() == CtValue.FORWARD && v.state() != CtValue.CLOSING
                    && nowNs - v.lastSeenNs() <= timeouts.idleLimit(proto, v.state()).toNanos()) {
                byService.merge(v.serviceId(), 1L, Long::sum);
                byBackend.merge(v.backendId(), 1L, Long::sum);
            }
        });
        long[] halfOpen = {0};
        scan(maps.pending, (v, proto) -> {
            if (v.dir() == CtValue.FORWARD && nowNs - v.lastSeenNs() <= timeouts.halfOpen().toNanos()) {
                halfOpen[0]++;
            }
        });
        return new ConntrackCensus(Map.copyOf(byService), Map.copyOf(byBackend), entries[0], halfOpen[0],
                Map.copyOf(maps.ctEvents()));
    }

    /** Calls {@code each} with every entry's protocol and value (keys are not decoded: a full table is millions). */
    private static void scan(TypedMap<CtKey, CtValue> map, ObjIntConsumer<CtValue> each) {
        int protoAt = CtKey.LAYOUT.offset("proto");
        map.raw().forEachBatch(CHUNK, (k, v) -> each.accept(CtValue.decode(v), k[protoAt] & 0xff));
    }
}
