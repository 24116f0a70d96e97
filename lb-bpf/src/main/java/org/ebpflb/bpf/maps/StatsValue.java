package org.ebpflb.bpf.maps;

import java.util.List;
import org.ebpflb.api.dataplane.TrafficCounters;

/** struct lb_stats: one CPU's counters; {@link #sum} adds the CPUs up into {@link TrafficCounters}. */
public final class StatsValue {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_stats").field("packets_fwd", 8)
            .field("packets_rev", 8).field("bytes_fwd", 8).field("bytes_rev", 8).field("conn_new", 8)
            .field("conn_closed", 8).field("connect_failures", 8).build();

    private StatsValue() {
    }

    /** @param image one CPU's value @return its counters (the active gauge is not a counter: zero here) */
    public static TrafficCounters decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new TrafficCounters(b.u64("packets_fwd"), b.u64("packets_rev"), b.u64("bytes_fwd"), b.u64("bytes_rev"),
                b.u64("conn_new"), b.u64("conn_closed"), b.u64("connect_failures"), 0);
    }

    /** @param perCpu per-CPU images @return the sum */
    public static TrafficCounters sum(List<byte[]> perCpu) {
        TrafficCounters total = TrafficCounters.ZERO;
        for (byte[] cpu : perCpu) {
            total = total.plus(decode(cpu));
        }
        return total;
    }
}
