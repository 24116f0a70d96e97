package org.ebpflb.bpf.maps;

import java.net.InetAddress;

/**
 * struct lb_ct_value.
 *
 * @param natAddr forward: backend address; reverse: the service address the client used
 * @param natPort the matching port
 * @param state LB_CT_* (see {@link #SYN_SENT} and friends)
 * @param dir {@link #FORWARD} or {@link #REVERSE}
 * @param serviceId service id
 * @param backendId backend id
 * @param lastSeenNs CLOCK_MONOTONIC (coarse) time of the last refresh
 * @param packets packets of this entry's direction (an unsigned 32-bit count)
 * @param bytes TCP/UDP payload bytes of this entry's direction
 * @param openedNs CLOCK_MONOTONIC (coarse) time the flow entered the tables
 * @param packetsRev forward entry: reply packets counted on it (an unsigned 32-bit count)
 * @param bytesRev forward entry: reply payload bytes counted on it
 * @param reverseEntry forward entry: whether the flow also has a reverse entry (which counts its replies itself)
 */
public record CtValue(InetAddress natAddr, int natPort, int state, int dir, int serviceId, int backendId,
                      long lastSeenNs, long packets, long bytes, long openedNs, long packetsRev, long bytesRev,
                      boolean reverseEntry) {
    /** client SYN forwarded */
    public static final int SYN_SENT = 1;
    /** backend SYN-ACK seen */
    public static final int SYN_RECV = 2;
    /** handshake complete */
    public static final int ESTABLISHED = 3;
    /** FIN seen */
    public static final int CLOSING = 4;
    /** UDP flow */
    public static final int OPEN = 5;
    /** client to backend entry */
    public static final int FORWARD = 0;
    /** backend to client entry */
    public static final int REVERSE = 1;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_ct_value").field("nat_addr", Bytes.ADDR)
            .field("nat_port", 2).field("state", 1).field("dir", 1).field("service_id", 4).field("backend_id", 4)
            .field("packets", 4).field("last_seen_ns", 8).field("bytes", 8).field("opened_ns", 8)
            .field("packets_rev", 4).field("reverse_entry", 1).field("pad", 3).field("bytes_rev", 8).build();

    /** An entry with no traffic counted yet, opened at its last-seen time; a forward one has a reverse entry. */
    public CtValue(InetAddress natAddr, int natPort, int state, int dir, int serviceId, int backendId,
                   long lastSeenNs) {
        this(natAddr, natPort, state, dir, serviceId, backendId, lastSeenNs, 0, 0, lastSeenNs, 0, 0, dir == FORWARD);
    }

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).addr("nat_addr", natAddr).port("nat_port", natPort).u8("state", state)
                .u8("dir", dir).u32("service_id", serviceId).u32("backend_id", backendId)
                .u32("packets", (int) packets).u64("last_seen_ns", lastSeenNs).u64("bytes", bytes)
                .u64("opened_ns", openedNs).u32("packets_rev", (int) packetsRev)
                .u8("reverse_entry", reverseEntry ? 1 : 0).u64("bytes_rev", bytesRev).image();
    }

    /** @param image bytes @return the value (the NAT address's family from its shape: {@link Bytes#addr(String)}) */
    public static CtValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new CtValue(b.addr("nat_addr"), b.port("nat_port"), b.u8("state"), b.u8("dir"),
                b.u32("service_id"), b.u32("backend_id"), b.u64("last_seen_ns"),
                Integer.toUnsignedLong(b.u32("packets")), b.u64("bytes"), b.u64("opened_ns"),
                Integer.toUnsignedLong(b.u32("packets_rev")), b.u64("bytes_rev"), b.u8("reverse_entry") != 0);
    }

    /** @param now new last-seen time @return a copy */
    public CtValue withLastSeen(long now) {
        return new CtValue(natAddr, natPort, state, dir, serviceId, backendId, now, packets, bytes, openedNs,
                packetsRev, bytesRev, reverseEntry);
    }

    /** @param newState new state @return a copy */
    public CtValue withState(int newState) {
        return new CtValue(natAddr, natPort, newState, dir, serviceId, backendId, lastSeenNs, packets, bytes,
                openedNs, packetsRev, bytesRev, reverseEntry);
    }

    /**
     * @param newPackets packets of this direction
     * @param newBytes payload bytes of this direction
     * @param opened when the flow opened
     * @return a copy
     */
    public CtValue withTraffic(long newPackets, long newBytes, long opened) {
        return new CtValue(natAddr, natPort, state, dir, serviceId, backendId, lastSeenNs, newPackets, newBytes,
                opened, packetsRev, bytesRev, reverseEntry);
    }

    /** @return a copy of a forward entry marked as having a reverse entry */
    public CtValue withReverseEntry() {
        return new CtValue(natAddr, natPort, state, dir, serviceId, backendId, lastSeenNs, packets, bytes, openedNs,
                packetsRev, bytesRev, true);
    }

    /** @return a copy of a forward entry marked as the flow's only entry */
    public CtValue withoutReverseEntry() {
        return new CtValue(natAddr, natPort, state, dir, serviceId, backendId, lastSeenNs, packets, bytes, openedNs,
                packetsRev, bytesRev, false);
    }

    /** @param newPacketsRev reply packets @param newBytesRev reply bytes @return a copy with these reply counts */
    public CtValue withReplies(long newPacketsRev, long newBytesRev) {
        return new CtValue(natAddr, natPort, state, dir, serviceId, backendId, lastSeenNs, packets, bytes, openedNs,
                newPacketsRev, newBytesRev, reverseEntry);
    }
}
