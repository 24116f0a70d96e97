package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A target's circuit breaker changed state.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param state closed, open or half-open
 * @param reason why
 */
@Stable
public record CircuitStateChanged(Instant at, String service, Endpoint target, String state, String reason)
        implements LbEvent {
}
