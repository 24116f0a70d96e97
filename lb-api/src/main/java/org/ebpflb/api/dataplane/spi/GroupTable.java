package org.ebpflb.api.dataplane.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;

/**
 * One target group's lookup table.
 *
 * @param group group id
 * @param source the client prefix of a source route, empty for the default group
 * @param backends the group's backends; {@code slots} index into this list
 * @param slots the Maglev table: each entry is an index into {@code backends}, or -1 when no backend has weight
 */
@Experimental
public record GroupTable(String group, Optional<Cidr> source, List<Endpoint> backends, int[] slots) {
    /** Copies the list and the table. */
    public GroupTable {
        backends = List.copyOf(backends);
        slots = slots.clone();
    }

    /** @return a copy of the table */
    @Override
    public int[] slots() {
        return slots.clone();
    }

    /** @return the number of slots, without copying the table */
    public int size() {
        return slots.length;
    }

    /**
     * One lookup, without copying the table (a user-space listener does one per connection).
     *
     * @param index 0 to {@link #size()} - 1
     * @return the index into {@code backends} at that slot, or -1 when no backend has weight
     */
    public int slot(int index) {
        return slots[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupTable g && group.equals(g.group) && source.equals(g.source)
                && backends.equals(g.backends) && Arrays.equals(slots, g.slots);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * group.hashCode() + backends.hashCode()) + Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "GroupTable[" + group + ", " + source.map(Object::toString).orElse("any") + ", " + backends + ", "
                + slots.length + " slots]";
    }
}
