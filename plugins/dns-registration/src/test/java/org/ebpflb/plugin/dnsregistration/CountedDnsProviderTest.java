package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.ebpflb.api.event.DnsRegistrationUpdated;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.RecordingEventBus;
import org.junit.jupiter.api.Test;

/** Every change sent is published with its outcome; reads are not. */
class CountedDnsProviderTest {
    private final FakeDnsProvider fake = new FakeDnsProvider();
    private final RecordingEventBus events = new RecordingEventBus();
    private final CountedDnsProvider dns = new CountedDnsProvider(fake, "web.lb.test.", events,
            new ManualClock(Instant.parse("2026-12-03T12:00:00Z")));

    @Test
    void successConflictAndRefusalAreEachPublishedOnce() throws Exception {
        assertTrue(dns.changeAddresses(Set.of(), Set.of(), Set.of(RegistrarTest.SELF)));
        assertFalse(dns.changeAddresses(Set.of(), Set.of(), Set.of(RegistrarTest.PEER2)), "stale: a conflict");
        assertTrue(dns.changeLeases(Set.of(), Set.of(), Set.of("lease")));
        assertEquals(Set.of(RegistrarTest.SELF), dns.addresses());
        fake.failNext("notauth", "NOTAUTH/BADSIG: the TSIG signature did not verify");
        DnsProviderException e = assertThrows(DnsProviderException.class,
                () -> dns.changeAddresses(Set.of(RegistrarTest.SELF), Set.of(RegistrarTest.SELF), Set.of()));
        assertEquals("notauth", e.result());
        assertThrows(DnsProviderException.class, dns::leases, "a failed read is passed on");
        assertEquals(java.util.List.of("success", "conflict", "success", "notauth"),
                events.published(DnsRegistrationUpdated.class).stream().map(DnsRegistrationUpdated::result)
                        .toList());
        assertTrue(events.published(DnsRegistrationUpdated.class).stream()
                .allMatch(u -> u.fqdn().equals("web.lb.test.")));
    }
}
