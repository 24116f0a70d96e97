package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Experimental;

/**
 * The dns-registration plugin sent one change of its shared name (address records or block leases) to the DNS
 * server, with its outcome.
 *
 * @param at when
 * @param fqdn the shared name
 * @param result {@code success}; {@code conflict} (the record set changed since it was read, nothing was changed);
 *     the server's refusal as a lower-case DNS code ({@code notauth}, {@code refused}, {@code servfail}, ...);
 *     {@code timeout}; {@code unreachable}
 */
@Experimental
public record DnsRegistrationUpdated(Instant at, String fqdn, String result) implements LbEvent {
}
