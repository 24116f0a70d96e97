package org.ebpflb.bpf.maps;

import java.util.Optional;
import org.ebpflb.api.model.Cidr;

/**
 * struct lb_group_meta: which service and client prefix a group belongs to.
 *
 * @param serviceId owning service
 * @param inUse whether the group slot is taken
 * @param source the client prefix, empty for the default group
 */
public record GroupMeta(int serviceId, boolean inUse, Optional<Cidr> source) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_group_meta").field("service_id", 4)
            .field("in_use", 4).field("prefixlen", 4).field("is_default", 4).field("family", 4)
            .field("source", Bytes.ADDR).build();

    /** @return the image */
    public byte[] encode() {
        Bytes b = Bytes.writer(LAYOUT).u32("service_id", serviceId).u32("in_use", inUse ? 1 : 0)
                .u32("is_default", source.isEmpty() ? 1 : 0);
        source.ifPresent(c -> b.u32("prefixlen", c.prefixLength()).u32("family", Bytes.family(c.network()))
                .addr("source", c.network()));
        return b.image();
    }

    /** @param image bytes @return the meta */
    public static GroupMeta decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        Optional<Cidr> source = Optional.empty();
        if (b.u32("is_default") == 0) {
            int family = b.u32("family");
            java.net.InetAddress net = b.addr("source", family);
            if (net == null) {
                try {
                    net = java.net.InetAddress.getByAddress(new byte[family == Bytes.AF_INET6 ? 16 : 4]);
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            source = Optional.of(new Cidr(net, b.u32("prefixlen")));
        }
        return new GroupMeta(b.u32("service_id"), b.u32("in_use") != 0, source);
    }
}
