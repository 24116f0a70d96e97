package org.ebpflb.bpf.maps;

/**
 * struct lb_service: the lb_services value.
 *
 * @param id service id
 * @param flags LB_SVC_F_*
 * @param defaultGroup group id of the default targets
 */
public record ServiceValue(int id, int flags, int defaultGroup) {
    /** hash = source-ip */
    public static final int HASH_SOURCE = 1;
    /** the service has source routes */
    public static final int SOURCE_ROUTES = 2;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_service")
            .field("id", 4).field("flags", 4).field("default_group", 4).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("id", id).u32("flags", flags).u32("default_group", defaultGroup).image();
    }

    /** @param image bytes @return the value */
    public static ServiceValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new ServiceValue(b.u32("id"), b.u32("flags"), b.u32("default_group"));
    }
}
