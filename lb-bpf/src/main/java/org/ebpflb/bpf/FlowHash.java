package org.ebpflb.bpf;

import java.net.InetAddress;

/**
 * The flow hash of lb_hash.h in Java, so user-space selection over the same Maglev tables picks what the kernel
 * picks. Words are taken as the programs load them: network-order bytes read as little-endian integers. Family-blind:
 * an address enters as the XOR of its 32-bit words, so an IPv4 address is its one word and an IPv6 address mixes all
 * four.
 */
public final class FlowHash {
    private static final int INIT = 0x9e3779b9;

    private FlowHash() {
    }

    /**
     * @param src client address
     * @param dst service address
     * @param sport client port
     * @param dport service port
     * @param proto IPPROTO_*
     * @return the hash of {@code hash = five-tuple}
     */
    public static int fiveTuple(InetAddress src, InetAddress dst, int sport, int dport, int proto) {
        int ports = (swap16(sport) << 16) | swap16(dport);
        return hash3(word(src), word(dst), ports ^ proto);
    }

    /** @param src client address @return the hash of {@code hash = source-ip} */
    public static int sourceIp(InetAddress src) {
        return hash3(word(src), 0, 0);
    }

    /** @param hash a flow hash @param tableSize slots @return the slot, as the program computes it (unsigned) */
    public static int slot(int hash, int tableSize) {
        return (int) Integer.remainderUnsigned(hash, tableSize);
    }

    private static int hash3(int a, int b, int c) {
        a += INIT;
        b += INIT;
        c += INIT;
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(InetAddress a) {
        byte[] r = a.getAddress();
        int w = 0;
        for (int i = 0; i < r.length; i += 4) {
            w ^= (r[i] & 0xff) | (r[i + 1] & 0xff) << 8 | (r[i + 2] & 0xff) << 16 | (r[i + 3] & 0xff) << 24;
        }
        return w;
    }

    private static int swap16(int port) {
        return ((port & 0xff) << 8) | ((port >>> 8) & 0xff);
    }
}
