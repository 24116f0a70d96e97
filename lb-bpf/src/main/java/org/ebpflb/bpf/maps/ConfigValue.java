package org.ebpflb.bpf.maps;

import java.time.Duration;

/**
 * struct lb_config: the programs' timeouts.
 *
 * @param tcpIdle idle timeout of TCP flows
 * @param udpIdle idle timeout of UDP flows
 * @param tcpClosing timeout of a TCP flow after its first FIN
 * @param halfOpen timeout of a flow not confirmed yet (lb_ct_pending)
 */
public record ConfigValue(Duration tcpIdle, Duration udpIdle, Duration tcpClosing, Duration halfOpen) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_config").field("tcp_idle_ns", 8)
            .field("udp_idle_ns", 8).field("tcp_closing_ns", 8).field("half_open_ns", 8).build();

    /**
     * How long a confirmed entry may stay idle before the programs treat it as gone (lb_ct_expired in C).
     *
     * @param proto IPPROTO_TCP or IPPROTO_UDP
     * @param state the forward entry's {@code CtValue} state
     * @return the limit
     */
    public Duration idleLimit(int proto, int state) {
        return proto == 17 ? udpIdle : state == CtValue.CLOSING ? tcpClosing : tcpIdle;
    }

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u64("tcp_idle_ns", tcpIdle.toNanos()).u64("udp_idle_ns", udpIdle.toNanos())
                .u64("tcp_closing_ns", tcpClosing.toNanos()).u64("half_open_ns", halfOpen.toNanos()).image();
    }
}
