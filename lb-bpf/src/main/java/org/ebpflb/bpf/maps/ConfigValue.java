package org.ebpflb.bpf.maps;

import java.time.Duration;

/**
 * struct lb_config: the programs' timeouts.
 *
 * @param tcpIdle idle timeout of TCP flows
 * @param udpIdle idle timeout of UDP flows
 * @param tcpClosing timeout of a TCP flow after its first FIN
 */
public record ConfigValue(Duration tcpIdle, Duration udpIdle, Duration tcpClosing) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_config").field("tcp_idle_ns", 8)
            .field("udp_idle_ns", 8).field("tcp_closing_ns", 8).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u64("tcp_idle_ns", tcpIdle.toNanos()).u64("udp_idle_ns", udpIdle.toNanos())
                .u64("tcp_closing_ns", tcpClosing.toNanos()).image();
    }
}
