package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ebpflb.api.event.DnsRegistrationChanged;
import org.ebpflb.api.event.DnsRegistrationFailed;
import org.ebpflb.api.event.DnsRegistrationRound;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.RecordingEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round logic against an in-memory name, a scripted prober and a manual clock. */
class RegistrarTest {
    static final InetAddress SELF = IpAddresses.parseLiteral("198.18.0.11");
    static final InetAddress PEER2 = IpAddresses.parseLiteral("198.18.0.12");
    static final InetAddress PEER3 = IpAddresses.parseLiteral("198.18.0.13");
    static final InetAddress REMOTE = IpAddresses.parseLiteral("203.0.113.7");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
    final FakeDnsProvider dns = new FakeDnsProvider();
    final Set<InetAddress> dead = new HashSet<>();
    final RecordingEventBus events = new RecordingEventBus();
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Optional<String> blocker = Optional.empty();
    Boolean listenerOpen;

    @AfterEach
    void close() {
        executor.close();
    }

    Registrar registrar(String extraSettings, InetAddress self, String owner) throws Exception {
        return new Registrar(dns, peer -> dead.contains(peer) ? new Prober.ProbeResult(false, "connect refused")
                : new Prober.ProbeResult(true, "connected in 1 ms"), executor, clock,
                TestSettings.settings(dir, extraSettings), self, owner, () -> blocker, open -> listenerOpen = open,
                events);
    }

    Registrar registrar() throws Exception {
        return registrar("", SELF, "198.18.0.11/aaaaaa");
    }

    void rounds(Registrar r, int n) {
        for (int i = 0; i < n; i++) {
            r.round();
            clock.advance(Duration.ofSeconds(5));
        }
    }

    @Test
    void addsItselfAndOpensItsProbeListener() throws Exception {
        Registrar r = registrar();
        r.round();
        assertEquals(Set.of(SELF), dns.addresses);
        assertTrue(listenerOpen);
        DnsRegistrationChanged added = events.published(DnsRegistrationChanged.class).get(0);
        assertEquals(DnsRegistrationChanged.Change.ADDED, added.change());
        assertEquals("198.18.0.11", added.address());
    }

    @Test
    void removesAPeerAtMinimumFailuresAndNotBefore() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2, PEER3));
        dead.add(PEER3);
        Registrar r = registrar();
        rounds(r, 2);
        assertEquals(Set.of(SELF, PEER2, PEER3), dns.addresses, "2 failures of 3");
        r.round();
        assertEquals(Set.of(SELF, PEER2), dns.addresses);
        DnsRegistrationChanged removed = events.published(DnsRegistrationChanged.class).get(0);
        assertEquals("198.18.0.13", removed.address());
        assertEquals("3 consecutive failed probes: connect refused", removed.reason());
    }

    @Test
    void eachRoundPublishesWhereThisNodeAndItsPeersStand() throws Exception {
        dns.addresses.addAll(List.of(PEER2, PEER3));
        dead.add(PEER3);
        Registrar r = registrar();
        blocker = Optional.of("service web has no target that takes new connections");
        r.round();
        blocker = Optional.empty();
        r.round();
        dns.failNext("timeout", "timeout: DNS server 127.0.0.1:5300 did not answer within 1.25s");
        r.round();
        dns.heal();
        r.deregister();
        List<DnsRegistrationRound> standing = events.published(DnsRegistrationRound.class);
        assertEquals(List.of(false, true, true, false), standing.stream().map(DnsRegistrationRound::registered)
                .toList(), "a failed round reports what was last read");
        assertEquals(Map.of("198.18.0.12", 0, "198.18.0.13", 1), standing.get(0).peerFailures());
        assertEquals(Map.of("198.18.0.12", 0, "198.18.0.13", 2), standing.get(1).peerFailures());
        assertEquals("web.lb.test", standing.get(0).fqdn());
    }

    @Test
    void aSuccessfulProbeStartsTheCountAgain() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2));
        Registrar r = registrar();
        dead.add(PEER2);
        rounds(r, 2);
        dead.clear();
        rounds(r, 1);
        dead.add(PEER2);
        rounds(r, 2);
        assertEquals(Set.of(SELF, PEER2), dns.addresses, "2 + 2 failures with a success between are not 3 in a row");
    }

    @Test
    void aPeerOutsideTheRegionWaitsForMoreThanMaximumFailures() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2, REMOTE));
        dead.add(REMOTE);
        Registrar r = registrar("region-cidrs = [\"198.18.0.0/24\"]\nmaximum-failures = 5", SELF, "o");
        rounds(r, 5);
        assertTrue(dns.addresses.contains(REMOTE), "5 failures are not more than maximum-failures");
        rounds(r, 1);
        assertEquals(Set.of(SELF, PEER2), dns.addresses);
    }

    @Test
    void theLastAddressStaysEvenWhenItFails() throws Exception {
        dns.addresses.add(PEER2);
        dead.add(PEER2);
        blocker = Optional.of("service web has no healthy target");
        Registrar r = registrar();
        rounds(r, 10);
        assertEquals(Set.of(PEER2), dns.addresses);
        assertFalse(listenerOpen);
    }

    @Test
    void leavesTheNameWhileItsServicesHaveNoHealthyTargetAndComesBack() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2));
        Registrar r = registrar();
        blocker = Optional.of("service web has no healthy target");
        r.round();
        assertEquals(Set.of(PEER2), dns.addresses);
        assertEquals("not registered: service web has no healthy target", r.snapshot().get("self"));
        blocker = Optional.empty();
        r.round();
        assertEquals(Set.of(SELF, PEER2), dns.addresses);
    }

    @Test
    void compareAndSetKeepsARecordAnotherNodeAddedMeanwhile() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2, PEER3));
        dead.add(PEER3);
        Registrar r = registrar();
        rounds(r, 2);
        InetAddress late = IpAddresses.parseLiteral("198.18.0.14");
        dns.beforeNextChange(() -> dns.addresses.add(late)); // a fourth node registers between read and write
        r.round();
        assertEquals(Set.of(SELF, PEER2, late), dns.addresses);
        assertEquals(1, dns.staleChanges, "the first write compared against the stale record set and was refused");
    }

    @Test
    void twoNodesRemovingEachOtherLeaveOneAddress() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2));
        dead.add(PEER2);
        Registrar r = registrar();
        rounds(r, 2);
        // PEER2, partitioned from us, removes us between our read and our write
        dns.beforeNextChange(() -> dns.addresses.remove(SELF));
        r.round();
        assertTrue(dns.addresses.contains(PEER2), "the re-read showed PEER2 as the last address: it stays");
        assertTrue(events.published(DnsRegistrationChanged.class).stream()
                .noneMatch(e -> e.change() == DnsRegistrationChanged.Change.REMOVED), "nothing was removed");
        assertEquals(Set.of(PEER2, SELF), dns.addresses, "and this node added itself back in the same round");
    }

    @Test
    void aServerFailureIsCountedAndReportedNotThrown() throws Exception {
        Registrar r = registrar();
        dns.failNext("NOTAUTH/BADSIG: the TSIG signature did not verify");
        rounds(r, 2);
        Map<String, Object> s = r.snapshot();
        assertEquals(2L, s.get("errors"));
        assertEquals(2, s.get("consecutiveErrors"));
        assertTrue(String.valueOf(s.get("lastError")).endsWith("NOTAUTH/BADSIG: the TSIG signature did not verify"));
        assertEquals(2, events.published(DnsRegistrationFailed.class).get(1).consecutiveFailures());
        dns.heal();
        r.round();
        assertEquals(0, r.snapshot().get("consecutiveErrors"));
        assertEquals(Set.of(SELF), dns.addresses);
    }

    @Test
    void anIpv6NodeAddsItselfRemovesDeadPeersAndBlocksInCanonicalText() throws Exception {
        InetAddress self = IpAddresses.parseLiteral("2001:db8:12:0:0:0:0:11");
        InetAddress live = IpAddresses.parseLiteral("2001:db8:12::12");
        InetAddress deadPeer = IpAddresses.parseLiteral("2001:db8:12::13");
        dns.addresses.addAll(List.of(live, deadPeer));
        dead.add(deadPeer);
        Registrar r = registrar("region-cidrs = [\"2001:db8:12::/64\"]", self, "2001:db8:12::11/dddddd");
        rounds(r, 3);
        assertEquals(Set.of(self, live), dns.addresses);
        assertEquals(List.of("2001:db8:12::11", "2001:db8:12::13"), events.published(DnsRegistrationChanged.class)
                .stream().map(DnsRegistrationChanged::address).toList());
        r.block(live, Duration.ofMinutes(5));
        assertTrue(dns.leases.iterator().next().startsWith("ip=2001:db8:12::12 owner=2001:db8:12::11/dddddd "),
                dns.leases.toString());
        Map<String, Object> s = r.snapshot();
        assertEquals("2001:db8:12::11", s.get("address"));
        assertEquals(List.of("2001:db8:12::11", "2001:db8:12::12"), s.get("records"));
        assertEquals(List.of("2001:db8:12::12"), ((List<?>) s.get("blocks")).stream()
                .map(b -> ((Map<?, ?>) b).get("address")).toList());
        assertEquals(1, r.unblock(IpAddresses.parseLiteral("2001:db8:12:0::12")), "found by address, not by text");
    }

    @Test
    void aBlockedNodeStaysOutUntilTheLeaseExpires() throws Exception {
        dns.addresses.add(PEER2);
        Registrar other = registrar("", PEER2, "198.18.0.12/bbbbbb");
        other.block(SELF, Duration.ofMinutes(1));
        Registrar r = registrar();
        r.round();
        assertEquals(Set.of(PEER2), dns.addresses);
        assertTrue(String.valueOf(r.snapshot().get("self")).startsWith("blocked by 198.18.0.12/bbbbbb"));
        for (int i = 0; i < 11; i++) { // the owner refreshes its lease every round, up to the block's end
            clock.advance(Duration.ofSeconds(5));
            other.round();
            r.round();
            assertEquals(Set.of(PEER2), dns.addresses, "blocked after " + (i + 1) * 5 + "s");
        }
        clock.advance(Duration.ofSeconds(5));
        other.round();
        r.round();
        assertEquals(Set.of(PEER2, SELF), dns.addresses, "the block ended after 1 minute");
        assertTrue(dns.leases.isEmpty(), "the expired lease was removed");
    }

    @Test
    void aLeaseWhoseOwnerStoppedRefreshingLapsesAfterTwoIntervals() throws Exception {
        dns.addresses.add(PEER2);
        registrar("", PEER2, "198.18.0.12/bbbbbb").block(SELF, Duration.ofHours(1));
        Registrar r = registrar();
        clock.advance(Duration.ofSeconds(9));
        r.round();
        assertEquals(Set.of(PEER2), dns.addresses);
        clock.advance(Duration.ofSeconds(1));
        r.round();
        assertEquals(Set.of(PEER2, SELF), dns.addresses);
    }

    @Test
    void unblockLetsTheNodeBackAtItsNextRound() throws Exception {
        dns.addresses.add(PEER2);
        Registrar other = registrar("", PEER2, "198.18.0.12/bbbbbb");
        other.block(SELF, Duration.ofMinutes(15));
        Registrar r = registrar();
        r.round();
        assertEquals(1, r.unblock(SELF));
        r.round();
        assertEquals(Set.of(PEER2, SELF), dns.addresses);
    }

    @Test
    void aBlockOutsideOneMinuteToOneHourOrHeldByAnotherNodeIsRefused() throws Exception {
        Registrar r = registrar();
        assertThrows(IllegalArgumentException.class, () -> r.block(PEER2, Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> r.block(PEER2, Duration.ofMinutes(61)));
        registrar("", PEER3, "198.18.0.13/cccccc").block(PEER2, Duration.ofMinutes(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.block(PEER2, Duration.ofMinutes(5)));
        assertTrue(e.getMessage().contains("already blocked by 198.18.0.13/cccccc"), e.getMessage());
    }

    @Test
    void aCleanShutdownDeregistersAndReleasesItsLeases() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2));
        Registrar r = registrar();
        r.block(PEER3, Duration.ofMinutes(10));
        r.deregister();
        assertEquals(Set.of(PEER2), dns.addresses);
        assertTrue(dns.leases.isEmpty());
        assertFalse(listenerOpen);
        r.round();
        assertEquals(Set.of(PEER2), dns.addresses, "no round after the shutdown");
    }

    @Test
    void neverProbesOrRemovesItself() throws Exception {
        dns.addresses.addAll(List.of(SELF, PEER2));
        dead.add(SELF);
        Registrar r = registrar();
        rounds(r, 5);
        assertEquals(Set.of(SELF, PEER2), dns.addresses);
        assertFalse(((Map<?, ?>) r.snapshot().get("peers")).containsKey("198.18.0.11"));
    }
}
