package org.ebpflb.bpf.packet;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpflb.api.model.IpAddresses;

/**
 * A small Ethernet / IPv4 / IPv6 / TCP / UDP / ICMP / ICMPv6 frame builder for fixtures. The family follows the
 * addresses (IPv6 addresses make an IPv6 frame, with any extension headers added). Checksums are computed in full
 * unless a case asks for a partial (pseudo-header only) or zero UDP checksum, or for deliberately broken fields.
 */
public final class Packet {
    /** How the transport checksum field is filled. */
    public enum Csum {
        /** complete checksum, as a physical NIC delivers */
        FULL,
        /** pseudo-header sum only, as CHECKSUM_PARTIAL packets on veth carry */
        PARTIAL,
        /** UDP without checksum */
        ZERO
    }

    /** TCP flags. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    /** IP protocols. */
    public static final int ICMP = 1, TCP = 6, UDP = 17, ICMPV6 = 58;
    /** IPv6 extension header types. */
    public static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, DEST_OPTS = 60;

    private byte[] srcMac = {2, 0, 0, 0, 0, 1};
    private byte[] dstMac = {2, 0, 0, 0, 0, 2};
    private int etherType = 0x0800;
    private int proto = TCP;
    private InetAddress src = ip("198.18.0.10");
    private InetAddress dst = ip("198.18.100.1");
    private int sport = 40000;
    private int dport = 80;
    private int flags = ACK;
    private long seq = 1000;
    private long ack;
    private byte[] payload = new byte[0];
    private byte[] ipOptions = new byte[0];
    private int fragField;
    private int ttl = 64;
    private Csum csum = Csum.FULL;
    private Integer ihlOverride;
    private Integer totalLengthOverride;
    private Integer doffOverride;
    private Integer udpLengthOverride;
    private int padTo;
    private byte[] rawL3;
    private List<byte[]> extensions = List.of();  // IPv6 extension headers, next-header byte left for build()
    private List<Integer> extensionTypes = List.of();
    private int icmpType = 8;
    private int version = -1;

    /** @return a TCP packet 198.18.0.10:40000 -> 198.18.100.1:80 with ACK */
    public static Packet tcp() {
        return new Packet();
    }

    /** @return a UDP packet */
    public static Packet udp() {
        Packet p = new Packet();
        p.proto = UDP;
        p.dport = 53;
        return p;
    }

    /** @return an ICMP echo request */
    public static Packet icmpEcho() {
        Packet p = new Packet();
        p.proto = ICMP;
        return p;
    }

    /** @param type ICMPv6 type (128 echo request, 135 neighbour solicitation) @return an ICMPv6 message */
    public static Packet icmp6(int type) {
        Packet p = new Packet();
        p.proto = ICMPV6;
        p.icmpType = type;
        return p;
    }

    /** @param etherType e.g. 0x0806 @param l3 the bytes after the Ethernet header @return a non-IPv4 frame */
    public static Packet raw(int etherType, byte[] l3) {
        Packet p = new Packet();
        p.etherType = etherType;
        p.rawL3 = l3.clone();
        return p;
    }

    /** @param text an IPv4 or IPv6 literal @return the address */
    public static InetAddress ip(String text) {
        return IpAddresses.parseLiteral(text);
    }

    /** @return a copy to vary */
    public Packet copy() {
        Packet p = new Packet();
        p.srcMac = srcMac; p.dstMac = dstMac; p.etherType = etherType; p.proto = proto; p.src = src; p.dst = dst;
        p.sport = sport; p.dport = dport; p.flags = flags; p.seq = seq; p.ack = ack; p.payload = payload;
        p.ipOptions = ipOptions; p.fragField = fragField; p.ttl = ttl; p.csum = csum; p.ihlOverride = ihlOverride;
        p.totalLengthOverride = totalLengthOverride; p.doffOverride = doffOverride;
        p.udpLengthOverride = udpLengthOverride; p.padTo = padTo; p.rawL3 = rawL3; p.extensions = extensions;
        p.extensionTypes = extensionTypes; p.icmpType = icmpType; p.version = version;
        return p;
    }

    /** @param addr source address @param port source port @return this */
    public Packet src(String addr, int port) {
        src = ip(addr);
        sport = port;
        return this;
    }

    /** @param addr destination address @param port destination port @return this */
    public Packet dst(String addr, int port) {
        dst = ip(addr);
        dport = port;
        return this;
    }

    /** @param f TCP flags @return this */
    public Packet flags(int f) {
        flags = f;
        return this;
    }

    /** @param p payload @return this */
    public Packet payload(byte[] p) {
        payload = p.clone();
        return this;
    }

    /** @param opts IPv4 options (a multiple of 4 bytes) @return this */
    public Packet ipOptions(byte[] opts) {
        ipOptions = opts.clone();
        return this;
    }

    /** @param moreFragments MF @param offset8 fragment offset in 8-byte units @return this */
    public Packet fragment(boolean moreFragments, int offset8) {
        fragField = (moreFragments ? 0x2000 : 0) | offset8;
        return this;
    }

    /**
     * @param type HOP_BY_HOP, ROUTING or DEST_OPTS
     * @param units the header's length in 8-byte units (1 = 8 bytes)
     * @return this, with an IPv6 extension header added after those already added
     */
    public Packet extension(int type, int units) {
        byte[] h = new byte[8 * units];
        h[1] = (byte) (units - 1);
        if (type == ROUTING) {
            h[2] = 4;  // segment routing header type, 0 segments left: the destination is final
        } else {
            h[2] = 1;  // PadN over the rest
            h[3] = (byte) (h.length - 4);
        }
        return addExtension(type, h);
    }

    /** @param more M flag @param offset8 offset in 8-byte units @return this, with an IPv6 fragment header added */
    public Packet fragment6(boolean more, int offset8) {
        byte[] h = new byte[8];
        put16(h, 2, offset8 << 3 | (more ? 1 : 0));
        put32(h, 4, 0x0badcafeL);
        return addExtension(FRAGMENT, h);
    }

    private Packet addExtension(int type, byte[] header) {
        extensions = new ArrayList<>(extensions);
        extensionTypes = new ArrayList<>(extensionTypes);
        extensions.add(header);
        extensionTypes.add(type);
        return this;
    }

    /** @param v the IP version field written (to break it) @return this */
    public Packet version(int v) {
        version = v;
        return this;
    }

    /** @param c checksum mode @return this */
    public Packet csum(Csum c) {
        csum = c;
        return this;
    }

    /** @param ihl raw IHL value @return this */
    public Packet ihl(int ihl) {
        ihlOverride = ihl;
        return this;
    }

    /** @param len raw IP total length (IPv6: payload length) @return this */
    public Packet totalLength(int len) {
        totalLengthOverride = len;
        return this;
    }

    /** @param doff raw TCP data offset @return this */
    public Packet dataOffset(int doff) {
        doffOverride = doff;
        return this;
    }

    /** @param len raw UDP length @return this */
    public Packet udpLength(int len) {
        udpLengthOverride = len;
        return this;
    }

    /** @param bytes minimum frame length, zero-padded after the IP packet (Ethernet padding) @return this */
    public Packet padTo(int bytes) {
        padTo = bytes;
        return this;
    }

    /** @return the frame */
    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(dstMac);
        out.writeBytes(srcMac);
        boolean v6 = rawL3 == null && src instanceof Inet6Address;
        int type = v6 ? 0x86DD : etherType;
        out.write(type >>> 8);
        out.write(type);
        if (rawL3 != null) {
            out.writeBytes(rawL3);
            return pad(out.toByteArray());
        }
        byte[] l4 = transport();
        if (v6) {
            out.writeBytes(ipv6Header(l4.length));
            out.writeBytes(l4);
            return pad(out.toByteArray());
        }
        int ihl = 5 + ipOptions.length / 4;
        byte[] ip = new byte[ihl * 4];
        int total = ip.length + l4.length;
        ip[0] = (byte) ((version >= 0 ? version : 4) << 4 | (ihlOverride != null ? ihlOverride : ihl));
        put16(ip, 2, totalLengthOverride != null ? totalLengthOverride : total);
        put16(ip, 4, 0x1234);
        put16(ip, 6, fragField);
        ip[8] = (byte) ttl;
        ip[9] = (byte) proto;
        System.arraycopy(src.getAddress(), 0, ip, 12, 4);
        System.arraycopy(dst.getAddress(), 0, ip, 16, 4);
        System.arraycopy(ipOptions, 0, ip, 20, ipOptions.length);
        put16(ip, 10, ~Checksums.fold(Checksums.sum(ip, 0, ip.length)) & 0xffff);
        out.writeBytes(ip);
        out.writeBytes(l4);
        return pad(out.toByteArray());
    }

    /**
     * @param length keep only this many bytes of the frame
     * @return the truncated frame
     */
    public byte[] buildTruncated(int length) {
        return Arrays.copyOf(build(), length);
    }

    /** The fixed header and the extension headers, each pointing at the next, the last at the transport. */
    private byte[] ipv6Header(int l4Length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int extLength = extensions.stream().mapToInt(e -> e.length).sum();
        byte[] ip = new byte[40];
        ip[0] = (byte) ((version >= 0 ? version : 6) << 4);
        put16(ip, 4, totalLengthOverride != null ? totalLengthOverride : extLength + l4Length);
        ip[6] = (byte) (extensions.isEmpty() ? proto : extensionTypes.get(0));
        ip[7] = (byte) (proto == ICMPV6 && icmpType == 135 ? 255 : ttl);
        System.arraycopy(src.getAddress(), 0, ip, 8, 16);
        System.arraycopy(dst.getAddress(), 0, ip, 24, 16);
        out.writeBytes(ip);
        for (int i = 0; i < extensions.size(); i++) {
            byte[] h = extensions.get(i).clone();
            h[0] = (byte) (i + 1 < extensions.size() ? extensionTypes.get(i + 1) : proto);
            out.writeBytes(h);
        }
        return out.toByteArray();
    }

    private long pseudoSum(int l4Length) {
        byte[] s = src.getAddress();
        byte[] d = dst.getAddress();
        return Checksums.sum(s, 0, s.length) + Checksums.sum(d, 0, d.length) + proto + l4Length;
    }

    private byte[] pad(byte[] frame) {
        return frame.length >= padTo ? frame : Arrays.copyOf(frame, padTo);
    }

    private byte[] transport() {
        byte[] l4;
        int checkOff;
        if (proto == TCP) {
            l4 = new byte[20 + payload.length];
            put16(l4, 0, sport);
            put16(l4, 2, dport);
            put32(l4, 4, seq);
            put32(l4, 8, ack);
            l4[12] = (byte) ((doffOverride != null ? doffOverride : 5) << 4);
            l4[13] = (byte) flags;
            put16(l4, 14, 64240);
            System.arraycopy(payload, 0, l4, 20, payload.length);
            checkOff = 16;
        } else if (proto == UDP) {
            l4 = new byte[8 + payload.length];
            put16(l4, 0, sport);
            put16(l4, 2, dport);
            put16(l4, 4, udpLengthOverride != null ? udpLengthOverride : l4.length);
            System.arraycopy(payload, 0, l4, 8, payload.length);
            checkOff = 6;
        } else if (proto == ICMPV6) {
            // echo request: identifier, sequence; neighbour solicitation: reserved word, then the target address
            l4 = new byte[(icmpType == 135 ? 24 : 8) + payload.length];
            l4[0] = (byte) icmpType;
            if (icmpType == 135) {
                System.arraycopy(dst.getAddress(), 0, l4, 8, 16);
            } else {
                put16(l4, 4, 0x4242);
                put16(l4, 6, 1);
            }
            System.arraycopy(payload, 0, l4, l4.length - payload.length, payload.length);
            put16(l4, 2, ~Checksums.fold(pseudoSum(l4.length) + Checksums.sum(l4, 0, l4.length)) & 0xffff);
            return l4;
        } else {
            l4 = new byte[8 + payload.length];
            l4[0] = 8; // echo request
            put16(l4, 4, 0x4242);
            put16(l4, 6, 1);
            System.arraycopy(payload, 0, l4, 8, payload.length);
            put16(l4, 2, ~Checksums.fold(Checksums.sum(l4, 0, l4.length)) & 0xffff);
            return l4;
        }
        long pseudo = pseudoSum(l4.length);
        int value = switch (csum) {
            case PARTIAL -> Checksums.fold(pseudo);
            case ZERO -> 0;
            case FULL -> {
                int c = ~Checksums.fold(pseudo + Checksums.sum(l4, 0, l4.length)) & 0xffff;
                yield proto == UDP && c == 0 ? 0xffff : c;
            }
        };
        put16(l4, checkOff, value);
        return l4;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }
}
