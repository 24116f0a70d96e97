package org.ebpflb.api.dataplane.spi;

import java.time.Duration;
import java.util.function.Consumer;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.event.ConnectionEvent;

/**
 * The data plane's connection events: which services emit them, and the one reader that takes them out. The runtime
 * owns it: one thread polls and publishes onto the event bus.
 */
@Experimental
public interface ConnectionEvents {
    /**
     * Sets what a service emits; effective for the next event of any of its flows.
     *
     * @param service an installed service name (ignored when not installed)
     * @param every 0: none, 1: every connection, N: one connection in N (the same ones open and close)
     */
    void emit(String service, int every);

    /**
     * Waits up to {@code timeout} for events and hands over every one there is. Called by one thread only.
     *
     * @param timeout how long to wait when there is none
     * @param sink called per event, on the calling thread
     * @return events handed over
     */
    int poll(Duration timeout, Consumer<ConnectionEvent> sink);

    /** @return events the data plane sent since its maps were created */
    long sent();

    /** @return events lost because the buffer between the data plane and the reader was full */
    long dropped();
}
