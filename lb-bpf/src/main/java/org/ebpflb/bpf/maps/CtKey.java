package org.ebpflb.bpf.maps;

import java.net.InetAddress;

/**
 * struct lb_ct_key: a packet's five-tuple.
 *
 * @param src source address
 * @param dst destination address
 * @param sport source port
 * @param dport destination port
 * @param proto IPPROTO_TCP or IPPROTO_UDP
 */
public record CtKey(InetAddress src, InetAddress dst, int sport, int dport, int proto) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_ct_key").field("src", Bytes.ADDR)
            .field("dst", Bytes.ADDR).field("sport", 2).field("dport", 2).field("proto", 1).field("family", 1)
            .field("pad", 2).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).addr("src", src).addr("dst", dst).port("sport", sport).port("dport", dport)
                .u8("proto", proto).u8("family", Bytes.family(src)).image();
    }

    /** @param image bytes @return the key */
    public static CtKey decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        int family = b.u8("family");
        return new CtKey(b.addr("src", family), b.addr("dst", family), b.port("sport"), b.port("dport"), b.u8("proto"));
    }
}
