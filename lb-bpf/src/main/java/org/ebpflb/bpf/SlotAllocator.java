package org.ebpflb.bpf;

import java.util.Map;
import java.util.TreeMap;

/** First-fit allocation of Maglev table regions in lb_maglev, with neighbouring free ranges merged. */
final class SlotAllocator {
    private final int capacity;
    private final TreeMap<Integer, Integer> free = new TreeMap<>();  // start -> length

    SlotAllocator(int capacity) {
        this.capacity = capacity;
        free.put(0, capacity);
    }

    /**
     * @param size slots
     * @return the first slot of a free region of that size
     * @throws IllegalStateException when no free region is large enough
     */
    int allocate(int size) {
        for (Map.Entry<Integer, Integer> e : free.entrySet()) {
            if (e.getValue() >= size) {
                int base = e.getKey();
                free.remove(base);
                if (e.getValue() > size) {
                    free.put(base + size, e.getValue() - size);
                }
                return base;
            }
        }
        throw new IllegalStateException("lb_maglev has no free region of " + size + " slots (capacity " + capacity
                + ", free " + freeSlots() + "); raise lb.dataplane.max-table-slots or lower table sizes");
    }

    /** Marks a region that already holds a table (found in pinned maps at start) as used. */
    void reserve(int base, int size) {
        Map.Entry<Integer, Integer> e = free.floorEntry(base);
        if (e == null || e.getKey() + e.getValue() < base + size) {
            throw new IllegalStateException("region " + base + "+" + size + " overlaps another table");
        }
        free.remove(e.getKey());
        if (base > e.getKey()) {
            free.put(e.getKey(), base - e.getKey());
        }
        int end = e.getKey() + e.getValue();
        if (end > base + size) {
            free.put(base + size, end - base - size);
        }
    }

    void release(int base, int size) {
        int start = base;
        int length = size;
        Map.Entry<Integer, Integer> before = free.floorEntry(base);
        if (before != null && before.getKey() + before.getValue() == base) {
            start = before.getKey();
            length += before.getValue();
            free.remove(before.getKey());
        }
        Integer after = free.get(base + size);
        if (after != null) {
            free.remove(base + size);
            length += after;
        }
        free.put(start, length);
    }

    int freeSlots() {
        return free.values().stream().mapToInt(Integer::intValue).sum();
    }
}
