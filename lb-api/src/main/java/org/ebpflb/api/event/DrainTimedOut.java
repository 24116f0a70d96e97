package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A drain's timeout passed with connections still open.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param remainingConnections connections still open
 */
@Stable
public record DrainTimedOut(Instant at, String service, Endpoint target, long remainingConnections)
        implements LbEvent {
}
