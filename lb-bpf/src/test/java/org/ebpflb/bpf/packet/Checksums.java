package org.ebpflb.bpf.packet;

/**
 * Full Internet checksums computed from scratch over a frame: the independent check on every rewritten packet. IPv4
 * and IPv6 frames are told apart by their ethertype; an IPv6 frame's extension headers are walked here, apart from
 * the program's own walk.
 */
public final class Checksums {
    private Checksums() {
    }

    /** @param b bytes @param off start @param len length @return the one's-complement sum, unfolded */
    public static long sum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) == 1) {
            sum += (b[off + len - 1] & 0xff) << 8;
        }
        return sum;
    }

    /** @param sum an unfolded sum @return the 16-bit folded sum */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** @param frame an Ethernet frame @return whether it carries IPv6 */
    public static boolean ipv6(byte[] frame) {
        return u16(frame, 12) == 0x86DD;
    }

    /**
     * @param frame an Ethernet frame with IPv4 or IPv6
     * @param l4Proto protocol for the pseudo header
     * @param l4Len the TCP segment or UDP datagram length
     * @return the pseudo-header sum (uncomplemented, folded): what a partial checksum field holds
     */
    public static int pseudo(byte[] frame, int l4Proto, int l4Len) {
        long addresses = ipv6(frame) ? sum(frame, 14 + 8, 32) : sum(frame, 14 + 12, 8);
        return fold(addresses + l4Proto + l4Len);
    }

    /** @param frame frame @return whether the IPv4 header checksum verifies (IPv6 has none: true) */
    public static boolean ipHeaderOk(byte[] frame) {
        if (ipv6(frame)) {
            return true;
        }
        int ihl = (frame[14] & 0x0f) * 4;
        return fold(sum(frame, 14, ihl)) == 0xffff;
    }

    /** @param frame frame @return the transport protocol: IPv4's protocol, or the last IPv6 next-header */
    public static int transportProto(byte[] frame) {
        return ipv6(frame) ? frame[walk(frame)[0]] & 0xff : frame[23] & 0xff;
    }

    /** @param frame frame @return the offset of its transport header */
    public static int l4Offset(byte[] frame) {
        return ipv6(frame) ? walk(frame)[1] : 14 + (frame[14] & 0x0f) * 4;
    }

    /**
     * Walks an IPv6 frame's extension headers.
     *
     * @return the offset of the byte naming the transport protocol, and the transport header's offset
     */
    private static int[] walk(byte[] frame) {
        int at = 14 + 6;
        int off = 14 + 40;
        int next = frame[at] & 0xff;
        while (next == Packet.HOP_BY_HOP || next == Packet.ROUTING || next == Packet.DEST_OPTS
                || next == Packet.FRAGMENT) {
            int len = next == Packet.FRAGMENT ? 8 : ((frame[off + 1] & 0xff) + 1) * 8;
            at = off;
            next = frame[off] & 0xff;
            off += len;
        }
        return new int[] {at, off};
    }

    /** @param frame frame with a TCP or UDP packet @return the TCP segment or UDP datagram length */
    public static int l4Length(byte[] frame) {
        int l4 = l4Offset(frame);
        if (transportProto(frame) == 17) {
            return u16(frame, l4 + 4);
        }
        return ipv6(frame) ? 14 + 40 + u16(frame, 18) - l4 : u16(frame, 16) - (l4 - 14);
    }

    /** @param frame frame with a TCP or UDP packet @return whether its full transport checksum verifies */
    public static boolean transportOk(byte[] frame) {
        int proto = transportProto(frame);
        int l4 = l4Offset(frame);
        int l4Len = l4Length(frame);
        if (proto == 17 && u16(frame, l4 + 6) == 0) {
            return true; // no checksum
        }
        long addresses = ipv6(frame) ? sum(frame, 14 + 8, 32) : sum(frame, 14 + 12, 8);
        return fold(addresses + proto + l4Len + sum(frame, l4, l4Len)) == 0xffff;
    }

    /** @param b bytes @param off offset @return the big-endian 16-bit value */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
