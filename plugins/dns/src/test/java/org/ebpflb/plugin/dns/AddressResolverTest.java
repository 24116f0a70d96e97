package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The resolver against a real dnsmasq on loopback. */
class AddressResolverTest {
    private static final int TTL = 7;
    private Dnsmasq dns;

    @BeforeEach
    void startServer() throws Exception {
        dns = Dnsmasq.start(TTL, "--txt-record=txt-only.test,hello", "--cname=alias.test,three.test",
                "--cname=dangling.test,txt-only.test", "--host-record=dual.test,198.18.0.9,2001:db8::9");
        dns.records("three.test", "198.18.0.3", "198.18.0.1", "198.18.0.2");
    }

    @AfterEach
    void stopServer() throws Exception {
        dns.close();
    }

    private static Resolution resolve(List<InetSocketAddress> servers, String name, int type) throws Exception {
        return new AddressResolver(servers, Duration.ofMillis(300), 2).resolve(Name.fromString(name, Name.root), type);
    }

    private Resolution resolve(String name) throws Exception {
        return resolve(List.of(dns.address()), name, Type.A);
    }

    private static List<InetAddress> ips(String... ips) throws Exception {
        InetAddress[] out = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            out[i] = InetAddress.getByAddress(InetAddress.getByName(ips[i]).getAddress());
        }
        return List.of(out);
    }

    @Test
    void threeARecordsGiveThreeSortedAddressesWithTheirTtl() throws Exception {
        Resolution.Answer a = assertInstanceOf(Resolution.Answer.class, resolve("three.test"));
        assertEquals(ips("198.18.0.1", "198.18.0.2", "198.18.0.3"), a.addresses());
        assertEquals(Duration.ofSeconds(TTL), a.ttl());
        assertEquals(dns.address(), a.server());
    }

    @Test
    void followsCnameChainsInTheAnswer() throws Exception {
        Resolution.Answer a = assertInstanceOf(Resolution.Answer.class, resolve("ALIAS.test"));
        assertEquals(ips("198.18.0.1", "198.18.0.2", "198.18.0.3"), a.addresses());
    }

    @Test
    void theRecordTypeIsAParameter() throws Exception {
        Resolution.Answer six = assertInstanceOf(Resolution.Answer.class,
                resolve(List.of(dns.address()), "dual.test", Type.AAAA));
        assertEquals(ips("2001:db8::9"), six.addresses());
        Resolution.Answer four = assertInstanceOf(Resolution.Answer.class,
                resolve(List.of(dns.address()), "dual.test", Type.A));
        assertEquals(ips("198.18.0.9"), four.addresses());
    }

    @Test
    void unknownNameIsNxdomain() throws Exception {
        Resolution.Failure f = assertInstanceOf(Resolution.Failure.class, resolve("missing.test"));
        assertEquals("NXDOMAIN", f.reason());
        assertEquals("NXDOMAIN from " + dns.server() + " (no such name)", f.detail());
    }

    @Test
    void nameWithoutARecordIsAnEmptyAnswer() throws Exception {
        Resolution.Failure f = assertInstanceOf(Resolution.Failure.class, resolve("txt-only.test"));
        assertEquals("empty answer", f.reason());
        assertTrue(f.detail().contains("from " + dns.server()), f.detail());
        Resolution.Failure chain = assertInstanceOf(Resolution.Failure.class, resolve("dangling.test"));
        assertEquals("empty answer", chain.reason());
    }

    @Test
    void frozenServerTimesOutAfterEveryAttempt() throws Exception {
        dns.pause();
        Resolution.Failure f = assertInstanceOf(Resolution.Failure.class, resolve("three.test"));
        assertEquals("timeout", f.reason());
        assertEquals("timeout from " + dns.server() + " (2 attempts of 300ms)", f.detail());
    }

    @Test
    void stoppedServerIsPortUnreachable() throws Exception {
        dns.kill();
        Resolution.Failure f = assertInstanceOf(Resolution.Failure.class, resolve("three.test"));
        assertEquals("port unreachable", f.reason());
        assertEquals("port unreachable from " + dns.server(), f.detail());
    }

    @Test
    void aRefusingServerIsSkippedForTheNext() throws Exception {
        try (Dnsmasq other = Dnsmasq.start(TTL, "--local=/other/", "--host-record=svc.other,198.18.0.77")) {
            // dns serves only "test" and has no upstream: it refuses svc.other
            Resolution.Answer a = assertInstanceOf(Resolution.Answer.class,
                    resolve(List.of(dns.address(), other.address()), "svc.other", Type.A));
            assertEquals(ips("198.18.0.77"), a.addresses());
            assertEquals(other.address(), a.server());
            Resolution.Failure f = assertInstanceOf(Resolution.Failure.class,
                    resolve(List.of(dns.address()), "svc.other", Type.A));
            assertEquals("REFUSED", f.reason());
        }
    }

    @Test
    void nxdomainIsDefinitiveAndTheNextServerIsNotAsked() throws Exception {
        try (Dnsmasq other = Dnsmasq.start(TTL)) {
            other.records("only-second.test", "198.18.0.66");
            Resolution.Failure f = assertInstanceOf(Resolution.Failure.class,
                    resolve(List.of(dns.address(), other.address()), "only-second.test", Type.A));
            assertEquals("NXDOMAIN", f.reason());
            assertTrue(f.detail().contains(dns.server()), f.detail());
        }
    }

    @Test
    void everyFailedServerIsNamed() throws Exception {
        try (Dnsmasq other = Dnsmasq.start(TTL)) {
            other.kill();
            dns.pause();
            Resolution.Failure f = assertInstanceOf(Resolution.Failure.class,
                    resolve(List.of(dns.address(), other.address()), "three.test", Type.A));
            assertEquals("timeout from " + dns.server() + " (2 attempts of 300ms); port unreachable from "
                    + other.server(), f.detail());
            assertEquals("port unreachable", f.reason());
        }
    }
}
