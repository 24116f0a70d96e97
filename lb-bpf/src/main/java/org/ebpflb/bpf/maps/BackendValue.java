package org.ebpflb.bpf.maps;

import org.ebpflb.api.model.Endpoint;

/**
 * struct lb_backend.
 *
 * @param endpoint address and port, null for a free slot
 * @param serviceId owning service
 */
public record BackendValue(Endpoint endpoint, int serviceId) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_backend").field("addr", Bytes.ADDR)
            .field("port", 2).field("family", 1).field("in_use", 1).field("service_id", 4).build();

    /** @return the image */
    public byte[] encode() {
        Bytes b = Bytes.writer(LAYOUT);
        if (endpoint != null) {
            b.addr("addr", endpoint.address()).port("port", endpoint.port()).u8("family", Bytes.family(endpoint.address()))
                    .u8("in_use", 1);
        }
        return b.u32("service_id", serviceId).image();
    }

    /** @param image bytes @return the value */
    public static BackendValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        if (b.u8("in_use") == 0) {
            return new BackendValue(null, b.u32("service_id"));
        }
        return new BackendValue(new Endpoint(b.addr("addr", b.u8("family")), b.port("port")), b.u32("service_id"));
    }
}
