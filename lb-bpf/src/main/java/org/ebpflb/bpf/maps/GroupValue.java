package org.ebpflb.bpf.maps;

/**
 * struct lb_group: which table descriptor of the group is live.
 *
 * @param table 2*group or 2*group+1
 */
public record GroupValue(int table) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_group").field("table", 4).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("table", table).image();
    }

    /** @param image bytes @return the value */
    public static GroupValue decode(byte[] image) {
        return new GroupValue(Bytes.reader(LAYOUT, image).u32("table"));
    }
}
