package org.ebpflb.api.event;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * A hostname target resolved.
 *
 * @param at when
 * @param service service name
 * @param hostname the name
 * @param addresses the address set now in use
 * @param ttl the answer's TTL
 */
@Stable
public record DnsResolved(Instant at, String service, String hostname, List<InetAddress> addresses, Duration ttl)
        implements LbEvent {
    /** Copies the list. */
    public DnsResolved {
        addresses = List.copyOf(addresses);
    }
}
