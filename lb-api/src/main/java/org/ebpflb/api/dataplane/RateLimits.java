package org.ebpflb.api.dataplane;

import org.ebpflb.api.Experimental;

/** Token-bucket limits enforced in the data plane for new connections (the rate-limit plugin). */
@Experimental
public interface RateLimits {
    /** What a limit applies to. */
    enum Scope {
        /** each client address */
        PER_SOURCE,
        /** each backend of the service */
        PER_BACKEND
    }

    /**
     * @param service service name
     * @param scope what the bucket is keyed by
     * @param ratePerSecond new connections per second
     * @param burst bucket size
     */
    void set(String service, Scope scope, long ratePerSecond, long burst);

    /**
     * @param service service name
     * @param scope the limit to remove
     */
    void clear(String service, Scope scope);
}
