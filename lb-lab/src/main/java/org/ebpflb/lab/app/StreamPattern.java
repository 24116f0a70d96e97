package org.ebpflb.lab.app;

/**
 * The bytes of {@code GET /stream?seconds=N}: {@value #CHUNKS_PER_SECOND} chunks per second of {@value #CHUNK_SIZE}
 * bytes each, every byte a function of its position, so a client can tell a byte-exact stream from one that lost,
 * duplicated or corrupted data without knowing which backend sent it.
 */
public final class StreamPattern {
    /** Bytes per chunk. */
    public static final int CHUNK_SIZE = 4096;
    /** Chunks sent per second (one every 100 ms). */
    public static final int CHUNKS_PER_SECOND = 10;

    private StreamPattern() {
    }

    /**
     * @param position offset from the start of the body
     * @return the byte at that offset
     */
    public static byte byteAt(long position) {
        long chunk = position / CHUNK_SIZE;
        long within = position % CHUNK_SIZE;
        // Differs between neighbouring chunks and within a chunk, so a shifted or repeated chunk is detected.
        return (byte) (chunk * 31 + within * 7 + (within >>> 8));
    }

    /**
     * @param index chunk number, from 0
     * @return that chunk's bytes
     */
    public static byte[] chunk(long index) {
        byte[] b = new byte[CHUNK_SIZE];
        for (int i = 0; i < CHUNK_SIZE; i++) {
            b[i] = byteAt(index * CHUNK_SIZE + i);
        }
        return b;
    }

    /**
     * @param seconds stream length asked for
     * @return how many chunks the stream has
     */
    public static long chunks(int seconds) {
        return (long) seconds * CHUNKS_PER_SECOND;
    }

    /**
     * @param seconds stream length asked for
     * @return the body length
     */
    public static long length(int seconds) {
        return chunks(seconds) * CHUNK_SIZE;
    }

    /** Checks a body incrementally against the pattern. */
    public static final class Verifier {
        private long position;
        private long firstMismatch = -1;

        /** Starts at offset 0 with no mismatch seen. */
        public Verifier() {
            // state is in the fields
        }

        /**
         * @param buf received bytes
         * @param off where they start
         * @param len how many
         */
        public void accept(byte[] buf, int off, int len) {
            for (int i = 0; i < len; i++, position++) {
                if (firstMismatch < 0 && buf[off + i] != byteAt(position)) {
                    firstMismatch = position;
                }
            }
        }

        /** @return bytes seen so far */
        public long bytes() {
            return position;
        }

        /** @return offset of the first wrong byte, or -1 */
        public long firstMismatch() {
            return firstMismatch;
        }

        /**
         * @param seconds stream length asked for
         * @return whether exactly the expected body was received
         */
        public boolean exact(int seconds) {
            return firstMismatch < 0 && position == length(seconds);
        }
    }
}
