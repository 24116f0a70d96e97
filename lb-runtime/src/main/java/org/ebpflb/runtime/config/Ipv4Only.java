package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigOrigin;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Refuses IPv6 where the data plane would carry it: the XDP and TC programs parse IPv4 only, so an IPv6 service
 * address, target or source route would start and then balance nothing. Admin and metrics listeners may be IPv6.
 */
final class Ipv4Only {
    private Ipv4Only() {
    }

    /**
     * @param address a parsed literal
     * @param written the text as the operator wrote it
     * @param what the key, e.g. {@code address}
     * @param at where it was written
     * @param problems receives the refusal
     * @return the address when it is IPv4
     */
    static Optional<InetAddress> check(InetAddress address, String written, String what, ConfigOrigin at,
                                       Problems problems) {
        if (address instanceof Inet4Address) {
            return Optional.of(address);
        }
        problems.add(at, what + " '" + written + "' is IPv6; this release balances IPv4 only"
                + " (its data plane parses IPv4 packets), so give an IPv4 address");
        return Optional.empty();
    }
}
