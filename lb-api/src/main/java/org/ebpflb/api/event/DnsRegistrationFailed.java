package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Experimental;

/**
 * The dns-registration plugin could not read or change its shared name; the data plane is not affected.
 *
 * @param at when
 * @param fqdn the shared name
 * @param reason in words, e.g. "NOTAUTH/BADSIG: the TSIG signature did not verify ..." or "timeout: ..."
 * @param consecutiveFailures failures in a row, this one included
 */
@Experimental
public record DnsRegistrationFailed(Instant at, String fqdn, String reason, int consecutiveFailures)
        implements LbEvent {
}
