package org.ebpflb.bpf.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte layout of one C struct from lb_structs.h as the Java encoders use it. The encoders write every field at
 * the offset declared here, and LayoutBtfTest compares these declarations with the compiled object's BTF.
 *
 * @param name the C struct name
 * @param size sizeof(struct)
 * @param fields fields by name, in declaration order
 */
public record StructLayout(String name, int size, Map<String, Field> fields) {
    /**
     * @param name field name
     * @param offset byte offset
     * @param size byte size
     */
    public record Field(String name, int offset, int size) {
    }

    /** Copies the field map. */
    public StructLayout {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** @param field a field name @return its offset */
    public int offset(String field) {
        Field f = fields.get(field);
        if (f == null) {
            throw new IllegalArgumentException("struct " + name + " has no field " + field);
        }
        return f.offset();
    }

    /** @param name struct name @return a builder that lays fields out in order with explicit sizes */
    static Builder struct(String name) {
        return new Builder(name);
    }

    /** Lays fields out back to back; structs in lb_structs.h have explicit padding, so no implicit gaps exist. */
    static final class Builder {
        private final String name;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private int offset;

        private Builder(String name) {
            this.name = name;
        }

        Builder field(String field, int size) {
            fields.put(field, new Field(field, offset, size));
            offset += size;
            return this;
        }

        StructLayout build() {
            return new StructLayout(name, offset, fields);
        }
    }
}
