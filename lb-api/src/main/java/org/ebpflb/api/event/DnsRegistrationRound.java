package org.ebpflb.api.event;

import java.time.Instant;
import java.util.Map;
import org.ebpflb.api.Experimental;

/**
 * The dns-registration plugin finished a round (or its clean-stop deregistration): where this node and its peers
 * stand in the shared name.
 *
 * @param at when
 * @param fqdn the shared name
 * @param registered whether this node's address is in the name, as last read or written
 * @param peerFailures per peer address in the name, its consecutive failed probes (0 when its last probe passed)
 */
@Experimental
public record DnsRegistrationRound(Instant at, String fqdn, boolean registered, Map<String, Integer> peerFailures)
        implements LbEvent {
    /** Copies the map. */
    public DnsRegistrationRound {
        peerFailures = Map.copyOf(peerFailures);
    }
}
