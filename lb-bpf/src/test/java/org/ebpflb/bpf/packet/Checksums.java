package org.ebpflb.bpf.packet;

/** Full Internet checksums computed from scratch over a frame: the independent check on every rewritten packet. */
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

    /**
     * @param frame an Ethernet frame with IPv4
     * @param l4Proto protocol for the pseudo header
     * @param l4Len the TCP segment or UDP datagram length
     * @return the pseudo-header sum (uncomplemented, folded): what a partial checksum field holds
     */
    public static int pseudo(byte[] frame, int l4Proto, int l4Len) {
        return fold(sum(frame, 14 + 12, 8) + l4Proto + l4Len);
    }

    /** @param frame frame @return whether the IPv4 header checksum verifies */
    public static boolean ipHeaderOk(byte[] frame) {
        int ihl = (frame[14] & 0x0f) * 4;
        return fold(sum(frame, 14, ihl)) == 0xffff;
    }

    /** @param frame frame with a TCP or UDP packet @return whether its full transport checksum verifies */
    public static boolean transportOk(byte[] frame) {
        int ihl = (frame[14] & 0x0f) * 4;
        int totLen = u16(frame, 16);
        int proto = frame[23] & 0xff;
        int l4 = 14 + ihl;
        int l4Len = proto == 17 ? u16(frame, l4 + 4) : totLen - ihl;
        if (proto == 17 && u16(frame, l4 + 6) == 0) {
            return true; // no checksum
        }
        long s = sum(frame, 14 + 12, 8) + proto + l4Len + sum(frame, l4, l4Len);
        return fold(s) == 0xffff;
    }

    /** @param b bytes @param off offset @return the big-endian 16-bit value */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
