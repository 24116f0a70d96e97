package org.ebpflb.api.event;

import java.time.Duration;
import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * One health probe finished.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param type probe type, e.g. tcp, http, https
 * @param success whether it passed
 * @param latency how long it took
 * @param reason a short result, e.g. "HTTP 503" or "connected"
 */
@Stable
public record HealthProbeCompleted(Instant at, String service, Endpoint target, String type, boolean success,
                                   Duration latency, String reason) implements LbEvent {
}
