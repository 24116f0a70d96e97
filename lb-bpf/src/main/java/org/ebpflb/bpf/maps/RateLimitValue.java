package org.ebpflb.bpf.maps;

/**
 * struct lb_rl_service: one service's new-connection limits. A zero rate turns its scope off; all zero is no limit.
 *
 * @param sourceRate new flows per second per client prefix
 * @param sourceBurst per-source bucket size
 * @param backendRate new flows per second per backend
 * @param backendBurst per-backend bucket size
 * @param sourcePrefix bits of the client address that key its bucket
 * @param hasAllowList whether lb_rl_allow holds entries for the service
 */
public record RateLimitValue(int sourceRate, int sourceBurst, int backendRate, int backendBurst, int sourcePrefix,
                             boolean hasAllowList) {
    /** No limits. */
    public static final RateLimitValue OFF = new RateLimitValue(0, 0, 0, 0, 0, false);
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_rl_service").field("source_rate", 4)
            .field("source_burst", 4).field("backend_rate", 4).field("backend_burst", 4).field("source_prefix", 4)
            .field("flags", 4).build();
    /** LB_RL_F_ALLOW */
    public static final int ALLOW = 1;

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("source_rate", sourceRate).u32("source_burst", sourceBurst)
                .u32("backend_rate", backendRate).u32("backend_burst", backendBurst)
                .u32("source_prefix", sourcePrefix).u32("flags", hasAllowList ? ALLOW : 0).image();
    }

    /** @param image bytes @return the value */
    public static RateLimitValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new RateLimitValue(b.u32("source_rate"), b.u32("source_burst"), b.u32("backend_rate"),
                b.u32("backend_burst"), b.u32("source_prefix"), (b.u32("flags") & ALLOW) != 0);
    }
}
