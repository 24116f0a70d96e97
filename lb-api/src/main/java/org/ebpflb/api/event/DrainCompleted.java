package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A drained target has no connections left.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 */
@Stable
public record DrainCompleted(Instant at, String service, Endpoint target) implements LbEvent {
}
