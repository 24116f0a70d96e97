package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A target became healthy or unhealthy.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param healthy the new state
 * @param reason why, e.g. "3 consecutive failures: connect timed out after 2s"
 */
@Stable
public record TargetHealthChanged(Instant at, String service, Endpoint target, boolean healthy, String reason)
        implements LbEvent {
}
