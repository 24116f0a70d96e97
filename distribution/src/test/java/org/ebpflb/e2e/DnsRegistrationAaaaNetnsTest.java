package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.lab.app.JavaCommand;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.Test;

/**
 * The dns-registration provider of an IPv6 node against a real BIND 9 listening on ::1 in a namespace
 * ({@code lbv6p-bind}): it keeps the name's AAAA records with the same compare-and-set as A records, beside an IPv4
 * provider's A records of the same name, refuses an IPv4 address, and a client ({@code dig}) sees both record sets.
 */
@PrivilegedTier("netns")
class DnsRegistrationAaaaNetnsTest {
    private static final String NS = "lbv6p-bind";

    @Test
    void anIpv6NodeKeepsTheAaaaRecordsAndAnIpv4NodeTheARecordsOfOneName() throws Exception {
        NamespaceBind.inOwnNamespace(NS, IpAddresses.parseLiteral("::1"), (ns, bind) -> {
            String name = "web6." + NamespaceBind.ZONE;
            List<String> argv = JavaCommand.forMain(AaaaRegistration.class, List.of("::1", "53",
                    bind.secretFile().toString(), name));
            List<String> lines = ns.exec(argv).within(Duration.ofSeconds(60)).check().stdout().lines().toList();

            assertEquals(List.of("first=true", "stale=false", "second=true", "ipv4=true",
                    "mixed=198.18.144.12 is not an IPv6 address: web6.lb.test. keeps AAAA records",
                    "aaaa=2001:db8:12::11,2001:db8:12::12", "a=198.18.144.11"), lines, bind.log());
            assertEquals(Set.of("2001:db8:12::11", "2001:db8:12::12"), bind.addresses(ns, name, "AAAA"));
            assertEquals(Set.of("198.18.144.11"), bind.addresses(ns, name, "A"));
            assertEquals("[::1]:53", bind.server());
        });
    }
}
