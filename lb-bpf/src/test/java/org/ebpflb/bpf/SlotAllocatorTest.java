package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlotAllocatorTest {
    @Test
    void allocatesFirstFitAndMergesOnRelease() {
        SlotAllocator a = new SlotAllocator(100);
        int x = a.allocate(30);
        int y = a.allocate(30);
        int z = a.allocate(30);
        assertEquals(0, x);
        assertEquals(30, y);
        assertEquals(60, z);
        assertThrows(IllegalStateException.class, () -> a.allocate(11));
        a.release(x, 30);
        a.release(y, 30);  // merges with x's range: 60 contiguous slots
        assertEquals(0, a.allocate(60));
        assertEquals(10, a.freeSlots());
    }

    @Test
    void reserveCarvesExistingRegionsOut() {
        SlotAllocator a = new SlotAllocator(100);
        a.reserve(40, 20);
        assertEquals(0, a.allocate(40));
        assertEquals(60, a.allocate(40));
        assertThrows(IllegalStateException.class, () -> a.reserve(50, 5));
    }
}
