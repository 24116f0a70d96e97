package org.ebpflb.bpf.maps;

import org.ebpflb.api.model.Endpoint;

/**
 * struct lb_drain_key: a drained backend of a service.
 *
 * @param service the service name
 * @param target the backend
 */
public record DrainKey(String service, Endpoint target) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_drain_key")
            .field("service", ServiceMeta.NAME_LEN).field("addr", Bytes.ADDR).field("port", 2).field("family", 1)
            .field("pad", 1).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).chars("service", 0, ServiceMeta.NAME_LEN, service)
                .addr("addr", target.address()).port("port", target.port())
                .u8("family", Bytes.family(target.address())).image();
    }

    /** @param image bytes @return the key */
    public static DrainKey decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new DrainKey(b.chars("service", 0, ServiceMeta.NAME_LEN),
                new Endpoint(b.addr("addr", b.u8("family")), b.port("port")));
    }
}
