package org.ebpflb.runtime.maglev;

import org.ebpflb.api.model.Endpoint;

/**
 * A fixed 64-bit hash (FNV-1a over the bytes, then an avalanche step), seeded so one input yields independent
 * values. It never depends on process state, so every run and every host computes the same tables and choices from
 * the same input.
 */
public final class StableHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StableHash() {
    }

    /**
     * @param endpoint the endpoint
     * @param seed distinguishes independent hashes of one endpoint
     * @return a well-mixed 64-bit value of its address bytes and port
     */
    public static long of(Endpoint endpoint, long seed) {
        return of(endpoint.address().getAddress(), endpoint.port(), seed);
    }

    /**
     * @param bytes e.g. an address
     * @param port a port, or 0 to hash the bytes alone
     * @param seed distinguishes independent hashes of one input
     * @return a well-mixed 64-bit value
     */
    public static long of(byte[] bytes, int port, long seed) {
        long h = FNV_OFFSET ^ seed;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h = (h ^ (port >>> 8)) * FNV_PRIME;
        h = (h ^ (port & 0xff)) * FNV_PRIME;
        return avalanche(h);
    }

    /** Spreads every input bit over every output bit (the FNV loop alone leaves high bits weak). */
    private static long avalanche(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
