package org.ebpflb.api.event;

import java.time.Duration;
import java.time.Instant;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * A target stopped taking new connections; established ones continue.
 *
 * @param at when
 * @param service service name
 * @param target the backend
 * @param timeout how long established connections may take to finish
 */
@Stable
public record DrainStarted(Instant at, String service, Endpoint target, Duration timeout) implements LbEvent {
}
