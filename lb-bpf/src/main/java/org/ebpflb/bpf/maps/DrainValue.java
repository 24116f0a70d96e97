package org.ebpflb.bpf.maps;

/**
 * struct lb_drain.
 *
 * @param startedMillis when the drain began, Unix epoch milliseconds
 * @param timeoutMillis how long connections may take
 * @param reset whether the remaining flows are forgotten at the timeout
 */
public record DrainValue(long startedMillis, long timeoutMillis, boolean reset) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_drain").field("started_ms", 8)
            .field("timeout_ms", 8).field("reset", 4).field("pad", 4).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u64("started_ms", startedMillis).u64("timeout_ms", timeoutMillis)
                .u32("reset", reset ? 1 : 0).image();
    }

    /** @param image bytes @return the value */
    public static DrainValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new DrainValue(b.u64("started_ms"), b.u64("timeout_ms"), b.u32("reset") != 0);
    }
}
