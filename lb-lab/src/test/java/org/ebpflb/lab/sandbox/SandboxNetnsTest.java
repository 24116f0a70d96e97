package org.ebpflb.lab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.DemoClient;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamPattern;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.app.UdpReport;
import org.ebpflb.testkit.PrivilegedTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as a plain router (no XDP): real backends in their namespaces, real clients in theirs, all traffic
 * crossing the LB namespace by kernel forwarding. Clients talk to backend addresses, never to the VIP.
 */
@PrivilegedTier("netns")
class SandboxNetnsTest {
    private static final String CLASS_PREFIX = "lbsbx-";
    private static final int UDP_PORT = 5300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String prefix;
    private static Sandbox sandbox;
    private static DemoBackends backends;

    @BeforeAll
    static void up() {
        Sandbox.sweepStale(CLASS_PREFIX);
        prefix = CLASS_PREFIX + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";
        sandbox = Sandbox.create(SandboxSpec.of(prefix, 40).withExtraClients(1));
        backends = DemoBackends.start(sandbox, DemoBackends.HTTP_PORT, OptionalInt.of(UDP_PORT));
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.close();
            assertEquals(List.of(), Sandbox.namespaces(prefix));
        }
    }

    @Test
    void theTopologyIsWhatTheSpecSays() {
        assertEquals(List.of(prefix + "backend1", prefix + "backend2", prefix + "backend3", prefix + "client",
                prefix + "client2", prefix + "lb"), Sandbox.namespaces(prefix).stream().sorted().toList());
        String lo = sandbox.lb().ip("-4", "addr", "show", "dev", "lo").check().stdout();
        assertTrue(lo.contains(sandbox.addresses().vip().getHostAddress() + "/32"), lo);
        assertEquals("1", sandbox.lb().exec("sysctl", "-n", "net.ipv4.ip_forward").check().stdout().strip());
        String route = sandbox.backend(2).ip("route", "show", "default").check().stdout();
        assertTrue(route.contains("via " + sandbox.addresses().lbBackendSideAddress().getHostAddress()), route);
        String clientRoute = sandbox.client(1).ip("route", "get", sandbox.addresses().vip().getHostAddress())
                .check().stdout();
        assertTrue(clientRoute.contains("via " + sandbox.addresses().lbClientSideAddress(1).getHostAddress()),
                clientRoute);
    }

    @Test
    void eachBackendAnswersTheClientThroughTheLbNamespace() {
        for (int b = 1; b <= 3; b++) {
            long before = txPackets(sandbox.lbBackendPort(b));
            RequestsReport r = runClient(sandbox.client(), ClientPlan.requests(backends.http(b), 20)).requests()
                    .orElseThrow();
            assertEquals(Map.of(DemoBackends.name(b), 20), r.perBackend(), r.toString());
            assertEquals(0, r.failed());
            // Every request is a new connection: at least SYN, ACK, request, FIN toward the backend.
            long forwarded = txPackets(sandbox.lbBackendPort(b)) - before;
            assertTrue(forwarded >= 20 * 4, "only " + forwarded + " packets left the LB toward backend " + b);
        }
    }

    @Test
    void theSecondClientInItsOwnSubnetReachesTheBackendsToo() {
        RequestsReport r = runClient(sandbox.client(1), ClientPlan.requests(backends.http(3), 10)).requests()
                .orElseThrow();
        assertEquals(Map.of("backend-3", 10), r.perBackend(), r.toString());
        assertFalse(sandbox.addresses().clientSubnet(0).contains(sandbox.addresses().clientAddress(1)));
    }

    @Test
    void withoutForwardingInTheLbNothingGetsThrough() {
        Endpoint target = backends.http(1);
        assertTrue(sandbox.client().tcpConnects(target.address(), target.port()));
        sandbox.lb().exec("sysctl", "-qw", "net.ipv4.ip_forward=0").check();
        try {
            assertFalse(sandbox.client().tcpConnects(target.address(), target.port()));
        } finally {
            sandbox.lb().exec("sysctl", "-qw", "net.ipv4.ip_forward=1").check();
        }
        assertTrue(sandbox.client().tcpConnects(target.address(), target.port()));
    }

    @Test
    void longLivedStreamsArriveByteExact() {
        ClientOutput out = runClient(sandbox.client(), ClientPlan.requests(backends.http(2), 0).withStreams(3, 2));
        List<StreamReport> streams = out.streams();
        assertEquals(3, streams.size());
        for (StreamReport s : streams) {
            assertTrue(s.byteExact(), s.toString());
            assertEquals("backend-2", s.backend());
            assertEquals(StreamPattern.length(2), s.bytes());
        }
    }

    @Test
    void udpEchoAnswersWithTheBackendsName() {
        UdpReport r = runClient(sandbox.client(), ClientPlan.requests(backends.udp(3), 0).withUdp(15)).udp()
                .orElseThrow();
        assertEquals(Map.of("backend-3", 15), r.perBackend(), r.toString());
        assertEquals(15, r.sent());
    }

    @Test
    void healthCanBeToggledFromInsideTheBackendNamespace() {
        String url = "http://127.0.0.1:" + DemoBackends.HTTP_PORT + "/health";
        Netns b1 = sandbox.backend(1);
        assertEquals("200", curlStatus(b1, "GET", url));
        assertEquals("503", curlStatus(b1, "POST", url + "?set=sick"));
        assertEquals("503", curlStatus(b1, "GET", url));
        assertEquals("200", curlStatus(b1, "POST", url + "?set=ok"));
    }

    @Test
    void checksumCountersAreReadableAndClean() {
        runClient(sandbox.client(), ClientPlan.requests(backends.http(1), 10).withUdp(5));
        for (Netns ns : List.of(sandbox.backend(1), sandbox.client(), sandbox.lb())) {
            assertEquals(new ChecksumErrors(0, 0), ns.checksumErrors(), ns.name());
        }
    }

    @Test
    void aFailedCommandNamesItselfAndItsStderr() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> sandbox.lb().ip("link", "show", "nosuchdev").check());
        assertTrue(e.getMessage().contains("ip -n " + prefix + "lb link show nosuchdev"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aStoppedBackendRefusesAndARestartedOneAnswers() {
        backends.stop(3);
        assertFalse(backends.running(3));
        RequestsReport down = runClient(sandbox.client(), ClientPlan.requests(backends.http(3), 3)).requests()
                .orElseThrow();
        assertEquals(0, down.answered());
        assertEquals(Map.of("ConnectException", 3), down.failures());
        backends.restart(3);
        RequestsReport up = runClient(sandbox.client(), ClientPlan.requests(backends.http(3), 3)).requests()
                .orElseThrow();
        assertEquals(Map.of("backend-3", 3), up.perBackend());
    }

    private static ClientOutput runClient(Netns ns, ClientPlan plan) {
        String stdout = ns.exec(DemoClient.commandLine(plan)).within(plan.deadline().plusSeconds(30)).check().stdout();
        return ClientOutput.parse(stdout);
    }

    private static String curlStatus(Netns ns, String method, String url) {
        return ns.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2", "-X", method, url).check()
                .stdout().strip();
    }

    private static long txPackets(String lbDevice) {
        String json = sandbox.lb().ip("-s", "-j", "link", "show", lbDevice).check().stdout();
        try {
            return JSON.readTree(json).get(0).path("stats64").path("tx").path("packets").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError("ip -j printed no JSON: " + json, e);
        }
    }
}
