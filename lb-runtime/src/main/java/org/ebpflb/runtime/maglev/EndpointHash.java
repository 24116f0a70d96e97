package org.ebpflb.runtime.maglev;

import org.ebpflb.api.model.Endpoint;

/**
 * A fixed 64-bit hash of an endpoint (address bytes and port), seeded so one endpoint yields independent values. It
 * never depends on process state, so every run and every host builds the same table from the same input.
 */
final class EndpointHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private EndpointHash() {
    }

    /**
     * @param endpoint the endpoint
     * @param seed distinguishes the independent hashes of one endpoint
     * @return a well-mixed 64-bit value
     */
    static long of(Endpoint endpoint, long seed) {
        long h = FNV_OFFSET ^ seed;
        for (byte b : endpoint.address().getAddress()) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h = (h ^ (endpoint.port() >>> 8)) * FNV_PRIME;
        h = (h ^ (endpoint.port() & 0xff)) * FNV_PRIME;
        return avalanche(h);
    }

    /** Spreads every input bit over every output bit (the FNV loop alone leaves high bits weak). */
    private static long avalanche(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
