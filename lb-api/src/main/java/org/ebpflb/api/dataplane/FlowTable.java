package org.ebpflb.api.dataplane;

import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;

/** The data plane's connection tracking, as far as plugins may change it (the drain plugin's reset at timeout). */
@Experimental
public interface FlowTable {
    /**
     * Forgets every tracked flow of one backend of a service: both directions' entries go, so the flows' next
     * packets are no longer translated. New flows are not affected.
     *
     * @param service a service name
     * @param target one of its backends
     * @return how many flows were forgotten; 0 when the backend is unknown
     */
    long forget(String service, Endpoint target);
}
