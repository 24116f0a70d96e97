package org.ebpflb.bpf.maps;

import java.net.InetAddress;
import org.ebpflb.api.model.Cidr;

/**
 * struct lb_source_key: an LPM key of (service id, family, client prefix).
 *
 * @param serviceId service id
 * @param source client prefix
 */
public record SourceKey(int serviceId, Cidr source) {
    /** Bits of service_id and family that precede the address in the trie key. */
    public static final int HEADER_BITS = 64;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_source_key")
            .field("prefixlen", 4).field("service_id", 4).field("family", 4).field("addr", Bytes.ADDR).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("prefixlen", HEADER_BITS + source.prefixLength()).u32("service_id", serviceId)
                .u32("family", Bytes.family(source.network())).addr("addr", source.network()).image();
    }

    /** @param image bytes @return the key */
    public static SourceKey decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        int family = b.u32("family");
        InetAddress a = b.addr("addr", family);
        return new SourceKey(b.u32("service_id"), new Cidr(a != null ? a : Bytes.any(family),
                b.u32("prefixlen") - HEADER_BITS));
    }
}
