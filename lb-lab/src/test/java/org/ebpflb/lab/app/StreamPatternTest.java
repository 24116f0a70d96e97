package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamPatternTest {
    @Test
    void theExactStreamVerifies() {
        StreamPattern.Verifier v = new StreamPattern.Verifier();
        for (long i = 0; i < StreamPattern.chunks(2); i++) {
            byte[] c = StreamPattern.chunk(i);
            v.accept(c, 0, 1000); // arbitrary split points, as TCP delivers them
            v.accept(c, 1000, c.length - 1000);
        }
        assertTrue(v.exact(2));
        assertEquals(StreamPattern.length(2), v.bytes());
        assertEquals(2L * StreamPattern.CHUNKS_PER_SECOND * StreamPattern.CHUNK_SIZE, v.bytes());
    }

    @Test
    void aCorruptedByteIsFoundAtItsOffset() {
        StreamPattern.Verifier v = new StreamPattern.Verifier();
        for (long i = 0; i < StreamPattern.chunks(1); i++) {
            byte[] c = StreamPattern.chunk(i);
            if (i == 3) {
                c[17] ^= 1;
            }
            v.accept(c, 0, c.length);
        }
        assertFalse(v.exact(1));
        assertEquals(3L * StreamPattern.CHUNK_SIZE + 17, v.firstMismatch());
    }

    @Test
    void aRepeatedChunkIsNotTheStream() {
        assertFalse(Arrays.equals(StreamPattern.chunk(4), StreamPattern.chunk(5)));
        StreamPattern.Verifier v = new StreamPattern.Verifier();
        for (long i = 0; i < StreamPattern.chunks(1); i++) {
            byte[] c = StreamPattern.chunk(i == 5 ? 4 : i);
            v.accept(c, 0, c.length);
        }
        assertEquals(StreamPattern.length(1), v.bytes());
        assertFalse(v.exact(1));
    }

    @Test
    void aShortStreamIsNotExact() {
        StreamPattern.Verifier v = new StreamPattern.Verifier();
        byte[] c = StreamPattern.chunk(0);
        v.accept(c, 0, c.length);
        assertEquals(-1, v.firstMismatch());
        assertFalse(v.exact(1));
        assertNotEquals(StreamPattern.length(1), v.bytes());
    }
}
