package org.ebpflb.bpf.maps;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.RateLimits.Scope;

/** struct lb_rl_stats: one CPU's dropped new flows per scope; {@link #sum} adds the CPUs up. */
public final class RateLimitStats {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_rl_stats").field("dropped_source", 8)
            .field("dropped_backend", 8).build();

    private RateLimitStats() {
    }

    /** @param perCpu per-CPU images @return dropped flows per scope, summed */
    public static Map<Scope, Long> sum(List<byte[]> perCpu) {
        long source = 0;
        long backend = 0;
        for (byte[] cpu : perCpu) {
            Bytes b = Bytes.reader(LAYOUT, cpu);
            source += b.u64("dropped_source");
            backend += b.u64("dropped_backend");
        }
        Map<Scope, Long> out = new EnumMap<>(Scope.class);
        out.put(Scope.SOURCE, source);
        out.put(Scope.BACKEND, backend);
        return out;
    }
}
