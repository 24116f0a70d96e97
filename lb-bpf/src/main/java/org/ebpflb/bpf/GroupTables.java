package org.ebpflb.bpf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ebpflb.bpf.maps.GroupValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.TableValue;

/**
 * Double-buffered Maglev tables. Group g owns lb_tables entries 2g and 2g+1, each naming a region of lb_maglev; a new
 * table is written into the half not in use and lb_groups flips to it in one map update, so a packet sees either the
 * old table or the new one, never a mix.
 */
final class GroupTables {
    private final LbMaps maps;
    private final SlotAllocator slots;
    private final Map<Integer, TableValue> regions = new HashMap<>();   // table index -> its lb_maglev region
    private final Map<Integer, Integer> live = new HashMap<>();          // group -> table index lb_groups points at

    GroupTables(LbMaps maps) {
        this.maps = maps;
        this.slots = new SlotAllocator(maps.maglev.maxEntries());
    }

    /**
     * Writes a group's table into its spare half and flips lb_groups to it.
     *
     * @param group group id
     * @param ids backend id per slot
     * @param compareWithKernel whether to read the live table first and skip the write when it holds {@code ids}
     *        already (after a restart or a failed apply, when the record does not say what the kernel holds)
     */
    void write(int group, int[] ids, boolean compareWithKernel) {
        Integer table = live.get(group);
        if (table != null && compareWithKernel && Arrays.equals(read(table), ids)) {
            return;
        }
        int aside = table == null ? 2 * group : table ^ 1;
        TableValue old = regions.remove(aside);
        if (old != null) {
            slots.release(old.base(), old.size());
        }
        TableValue region = new TableValue(slots.allocate(ids.length), ids.length);
        maps.writeSlots(region.base(), ids);
        maps.tables.put(aside, region);
        regions.put(aside, region);
        maps.groups.put(group, new GroupValue(aside));   // the flip: one map update
        live.put(group, aside);
    }

    /** Empties both halves of a group that no packet can reach any more and releases their regions. */
    void free(int group) {
        for (int t : halves(group)) {
            maps.tables.put(t, new TableValue(0, 0));
            TableValue r = regions.remove(t);
            if (r != null) {
                slots.release(r.base(), r.size());
            }
        }
        live.remove(group);
    }

    /** Takes over a group an earlier run wrote: its live half and the regions both halves hold. */
    void recover(int group) {
        live.put(group, maps.groups.get(group).orElseThrow().table());
        for (int t : halves(group)) {
            TableValue r = maps.tables.get(t).orElseThrow();
            if (r.size() > 0) {
                slots.reserve(r.base(), r.size());
                regions.put(t, r);
            }
        }
    }

    private int[] read(int table) {
        TableValue r = regions.get(table);
        return r == null ? new int[0] : maps.readSlots(r.base(), r.size());
    }

    private static int[] halves(int group) {
        return new int[] {2 * group, 2 * group + 1};
    }
}
