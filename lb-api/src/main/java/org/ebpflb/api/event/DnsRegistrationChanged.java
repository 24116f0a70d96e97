package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Experimental;

/**
 * The dns-registration plugin added an address to its shared name or removed one.
 *
 * @param at when
 * @param fqdn the shared name
 * @param address the address added or removed
 * @param change added or removed
 * @param reason why, e.g. "3 consecutive failed probes: connect refused" or "this node registers itself"
 */
@Experimental
public record DnsRegistrationChanged(Instant at, String fqdn, String address, Change change, String reason)
        implements LbEvent {
    /** What happened to the address. */
    public enum Change {
        /** The address was added to the name. */
        ADDED,
        /** The address was removed from the name. */
        REMOVED
    }
}
