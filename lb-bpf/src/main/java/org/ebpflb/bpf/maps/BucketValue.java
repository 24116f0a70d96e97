package org.ebpflb.bpf.maps;

/**
 * struct lb_rl_bucket: a token bucket.
 *
 * @param milliTokens tokens in thousandths ({@link #SCALE} = one new flow)
 * @param stampNs when the program last refilled it (bpf_ktime_get_coarse_ns)
 */
public record BucketValue(long milliTokens, long stampNs) {
    /** LB_RL_SCALE: bucket units per token. */
    public static final long SCALE = 1000;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_rl_bucket").field("tokens", 8)
            .field("stamp_ns", 8).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u64("tokens", milliTokens).u64("stamp_ns", stampNs).image();
    }

    /** @param image bytes @return the value */
    public static BucketValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new BucketValue(b.u64("tokens"), b.u64("stamp_ns"));
    }

    /** @param stamp another stamp @return this bucket stamped then */
    public BucketValue withStamp(long stamp) {
        return new BucketValue(milliTokens, stamp);
    }
}
