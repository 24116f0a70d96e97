package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;

/**
 * A hostname target failed to resolve; the last-known-good addresses stay in use.
 *
 * @param at when
 * @param service service name
 * @param hostname the name
 * @param reason e.g. NXDOMAIN, SERVFAIL, timeout, empty answer
 * @param consecutiveFailures failures in a row, this one included
 */
@Stable
public record DnsFailed(Instant at, String service, String hostname, String reason, int consecutiveFailures)
        implements LbEvent {
}
