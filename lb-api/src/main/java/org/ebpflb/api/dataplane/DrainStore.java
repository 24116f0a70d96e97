package org.ebpflb.api.dataplane;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;

/**
 * Drains kept beside the data plane's pinned state, so that a drain outlives a restart of the control plane exactly
 * as long as the connections it waits for do.
 */
@Experimental
public interface DrainStore {
    /**
     * One drain as it was started.
     *
     * @param service the service name
     * @param target the drained backend
     * @param started when the drain began
     * @param timeout how long established connections may take to finish
     * @param resetOnTimeout whether the remaining flows are forgotten at the timeout
     */
    record Entry(String service, Endpoint target, Instant started, Duration timeout, boolean resetOnTimeout) {
        /** Rejects missing values. */
        public Entry {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** @return every kept drain, in no particular order */
    List<Entry> entries();

    /**
     * Keeps a drain, replacing one of the same service and target.
     *
     * @param entry the drain
     * @throws IllegalStateException when there is no room left
     */
    void save(Entry entry);

    /**
     * @param service a service name
     * @param target a backend
     */
    void delete(String service, Endpoint target);
}
