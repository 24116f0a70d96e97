package org.ebpflb.bpf.maps;

/**
 * struct lb_table: a Maglev table's region in lb_maglev.
 *
 * @param base first slot
 * @param size slots, 0 for none
 */
public record TableValue(int base, int size) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_table").field("base", 4).field("size", 4).build();

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).u32("base", base).u32("size", size).image();
    }

    /** @param image bytes @return the value */
    public static TableValue decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        return new TableValue(b.u32("base"), b.u32("size"));
    }
}
