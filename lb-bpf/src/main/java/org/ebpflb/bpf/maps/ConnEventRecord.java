package org.ebpflb.bpf.maps;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * struct lb_conn_event: one record of the ring buffer lb_conn_events.
 *
 * @param flow the forward five-tuple (client to service address)
 * @param backendAddr the target the flow was sent to
 * @param backendPort its port
 * @param type {@link #OPENED} or {@link #CLOSED}
 * @param reason LB_CLOSE_* ({@link #FIN} and friends); 0 for opened
 * @param serviceId service id
 * @param backendId backend id
 * @param packetsForward client to target packets (unsigned 32-bit)
 * @param packetsReverse target to client packets
 * @param timeNs CLOCK_MONOTONIC (coarse) time of the event
 * @param openedNs CLOCK_MONOTONIC (coarse) time the flow opened
 * @param bytesForward client to target payload bytes
 * @param bytesReverse target to client payload bytes
 */
public record ConnEventRecord(CtKey flow, InetAddress backendAddr, int backendPort, int type, int reason,
                              int serviceId, int backendId, long packetsForward, long packetsReverse, long timeNs,
                              long openedNs, long bytesForward, long bytesReverse) {
    /** LB_CONN_OPENED */
    public static final int OPENED = 1;
    /** LB_CONN_CLOSED */
    public static final int CLOSED = 2;
    /** LB_CLOSE_FIN */
    public static final int FIN = 1;
    /** LB_CLOSE_RST */
    public static final int RST = 2;
    /** LB_CLOSE_IDLE */
    public static final int IDLE = 3;
    /** LB_CLOSE_REPLACED */
    public static final int REPLACED = 4;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_conn_event").field("flow", CtKey.LAYOUT.size())
            .field("backend_addr", Bytes.ADDR).field("backend_port", 2).field("type", 1).field("reason", 1)
            .field("service_id", 4).field("backend_id", 4).field("packets_fwd", 4).field("packets_rev", 4)
            .field("pad", 4).field("time_ns", 8).field("opened_ns", 8).field("bytes_fwd", 8).field("bytes_rev", 8)
            .build();

    /** @param image bytes (at least the struct) @return the record (the backend in the flow's family) */
    public static ConnEventRecord decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        int at = LAYOUT.offset("flow");
        CtKey flow = CtKey.decode(Arrays.copyOfRange(image, at, at + CtKey.LAYOUT.size()));
        int family = flow.src() instanceof Inet6Address ? Bytes.AF_INET6 : Bytes.AF_INET;
        return new ConnEventRecord(flow, b.addr("backend_addr", family), b.port("backend_port"), b.u8("type"),
                b.u8("reason"), b.u32("service_id"), b.u32("backend_id"),
                Integer.toUnsignedLong(b.u32("packets_fwd")), Integer.toUnsignedLong(b.u32("packets_rev")),
                b.u64("time_ns"), b.u64("opened_ns"), b.u64("bytes_fwd"), b.u64("bytes_rev"));
    }
}
