package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A drain ended before it completed or timed out: the operator undrained the target, or it left the configuration.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param reason why, e.g. "undrained" or "target removed from the configuration"
 */
@Stable
public record DrainCancelled(Instant at, String service, Endpoint target, String reason) implements LbEvent {
}
