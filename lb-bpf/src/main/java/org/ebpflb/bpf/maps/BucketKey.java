package org.ebpflb.bpf.maps;

import java.net.InetAddress;
import org.ebpflb.api.model.Cidr;

/**
 * struct lb_rl_source_key: the per-source bucket of a client prefix in a service.
 *
 * @param serviceId service id
 * @param source the client address masked to the service's prefix length
 */
public record BucketKey(int serviceId, Cidr source) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_rl_source_key").field("service_id", 4)
            .field("prefixlen", 1).field("family", 1).field("pad", 2).field("addr", Bytes.ADDR).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("service_id", serviceId).u8("prefixlen", source.prefixLength())
                .u8("family", Bytes.family(source.network())).addr("addr", source.network()).image();
    }

    /** @param image bytes @return the key */
    public static BucketKey decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        int family = b.u8("family");
        InetAddress a = b.addr("addr", family);
        return new BucketKey(b.u32("service_id"), new Cidr(a != null ? a : Bytes.any(family), b.u8("prefixlen")));
    }
}
