package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackend;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.JavaCommand;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.app.UdpReport;
import org.ebpflb.lab.demo.SpreadTable;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kernel data plane end to end, with tx checksum offload left on: the distribution's {@code bin/lb run} in a
 * namespace sandbox (XDP ingress and tc egress on the client-facing devices), real HTTP and UDP backends, real
 * clients. Weighted spread of new connections and the data plane's own counters, a stream that keeps its backend
 * across a weight change, a source route, a UDP service, and traffic that is not the load balancer's.
 */
@PrivilegedTier("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPathNetnsTest {
    private static final String PREFIX = "lbe2e-dp-path-";
    private static final int BLOCK = 10;
    private static final Map<Integer, Integer> WEIGHTS = DataPlaneLab.weights(50, 30, 20);
    /** New connections per spread measurement; at 3,000 the 3-point limit is over 3 standard deviations away. */
    static final int SPREAD_REQUESTS = 3000;
    static final double SPREAD_LIMIT_POINTS = 3.0;
    private static final int NON_SERVICE_PORT = 8081;

    @AutoClose
    private static DataPlaneLab lab;

    @BeforeAll
    static void open() {
        lab = DataPlaneLab.open(DataPathNetnsTest.class.getSimpleName(),
                SandboxSpec.of(PREFIX, BLOCK).withExtraClients(1), WEIGHTS);
    }

    @BeforeEach
    void defaultWeights() {
        lab.ensureWeights(WEIGHTS);
    }

    @Test
    @Order(1)
    void newConnectionsFollowTheWeightsAndTheDataPlaneCountsThem() {
        spreadWithCounters(lab, "case 1");
        // what an operator reads: the same counters per target in the text of lb status
        CommandResult status = lab.lb().cli("status", "-c", lab.configFile().toString()).orThrow();
        lab.say("case 1: lb status" + System.lineSeparator() + status.stdout().strip());
        for (Map.Entry<Integer, Integer> w : WEIGHTS.entrySet()) {
            String target = lab.backendHttp(w.getKey()).toString();
            String row = status.stdout().lines().filter(l -> l.contains(target)).findFirst()
                    .orElseThrow(() -> new AssertionError(status.stdout()));
            String[] cells = row.strip().split("\\s+"); // TARGET BASE EFFECTIVE SHARE SLOTS CONNS ACTIVE
            assertTrue(Long.parseLong(cells[5]) >= SPREAD_REQUESTS * w.getValue() / 200, "CONNS of " + row);
        }
        lab.say("case 1: checksum errors (tx offload on, so partial checksums are not verified on veth): "
                + lab.checksumErrors());
    }

    /**
     * Case 1, shared with the checksum-honest class: {@value #SPREAD_REQUESTS} new connections from the first client,
     * the spread within {@value #SPREAD_LIMIT_POINTS} points of the weights, and the data plane's per-backend
     * new-connection counters ({@code lb status --json}) against what the client saw.
     */
    static void spreadWithCounters(DataPlaneLab lab, String title) {
        JsonNode before = lab.status();
        long start = System.nanoTime();
        RequestsReport r = lab.runClient(0, requests(lab, SPREAD_REQUESTS)).requests().orElseThrow();
        double took = DataPlaneLab.seconds(System.nanoTime() - start);
        JsonNode after = lab.status();
        SpreadTable table = new SpreadTable(lab.expected(lab.weights()), r.perBackend(), r.failed());
        lab.say(String.format(Locale.ROOT, "%s: %d new connections in %.1fs from %s to %s%n%s", title, r.sent(), took,
                lab.sandbox().client().name(), lab.web(), table.render()));

        Map<String, Long> countedBefore = lab.newConnections(before, DataPlaneLab.WEB);
        Map<String, Long> countedAfter = lab.newConnections(after, DataPlaneLab.WEB);
        StringBuilder counters = new StringBuilder(title + ": the data plane's new-connection counters"
                + " (lb status --json) against the client's answers:");
        long largestGap = 0;
        for (SpreadTable.Row w : table.rows()) {
            long counted = countedAfter.getOrDefault(w.backend(), 0L) - countedBefore.getOrDefault(w.backend(), 0L);
            int seen = r.perBackend().getOrDefault(w.backend(), 0);
            largestGap = Math.max(largestGap, Math.abs(counted - seen));
            counters.append(String.format(Locale.ROOT, "%n  %-10s counted %5d, client saw %5d", w.backend(),
                    counted, seen));
        }
        lab.say(counters.toString());

        assertEquals(SPREAD_REQUESTS, r.sent());
        assertEquals(Map.of(), r.failures(), "every request must be answered");
        assertTrue(table.maxDeviation() <= SPREAD_LIMIT_POINTS, "spread deviates by " + table.maxDeviation()
                + " points (limit " + SPREAD_LIMIT_POINTS + "):\n" + table.render());
        // each request is one new flow; only a client that gave up after a SYN was counted would differ
        assertTrue(largestGap <= SPREAD_REQUESTS / 100, counters.toString());
    }

    @Test
    @Order(2)
    void aStreamKeepsItsBackendAcrossAWeightChangeWhileNewConnectionsFollowTheNewWeights() {
        int seconds = 15;
        NsProcess streamer = lab.startClient(0, "stream-client", new ClientPlan(lab.web(), 0, 1, 1, seconds, 0,
                Duration.ofSeconds(seconds + 20)));
        Map<String, Integer> holder = lab.awaitEstablished(lab.addresses().clientAddress(0), 1,
                Duration.ofSeconds(20));
        assertEquals(1, holder.size(), "one stream, one backend: " + holder);
        String streamBackend = holder.keySet().iterator().next();
        int streamIndex = Integer.parseInt(streamBackend.substring(streamBackend.lastIndexOf('-') + 1));

        // The stream's backend drops to the lowest weight a target can have; the others take over.
        Map<Integer, Integer> reweighted = new TreeMap<>();
        int next = 0;
        int[] others = {60, 39};
        for (int b = 1; b <= WEIGHTS.size(); b++) {
            reweighted.put(b, b == streamIndex ? 1 : others[next++]);
        }
        long reloadMs = lab.reload(reweighted);
        lab.say("case 2: stream on " + streamBackend + "; weights " + WEIGHTS + " -> " + reweighted + " (lb reload,"
                + " applied in " + reloadMs + " ms)");

        long start = System.nanoTime();
        RequestsReport r = lab.runClient(0, requests(lab, SPREAD_REQUESTS)).requests().orElseThrow();
        double took = DataPlaneLab.seconds(System.nanoTime() - start);
        SpreadTable table = new SpreadTable(lab.expected(reweighted), r.perBackend(), r.failed());
        lab.say(String.format(Locale.ROOT, "case 2: %d new connections after the change, in %.1fs%n%s", r.sent(),
                took, table.render()));
        Map<String, Integer> stillHeld = onlyTheStreamLeft(streamBackend);

        streamer.awaitExit(Duration.ofSeconds(seconds + 30));
        List<StreamReport> streams = ClientOutput.parse(streamer.stdout()).streams();
        assertEquals(1, streams.size(), streamer.stderrTail(20));
        StreamReport s = streams.get(0);
        lab.say("case 2: the stream: " + s.bytes() + " of " + s.expectedBytes() + " bytes from " + s.backend()
                + ", byte-exact " + s.byteExact() + (s.error().isEmpty() ? "" : ", error: " + s.error()));

        assertEquals(Map.of(streamBackend, 1), stillHeld, "during the burst only the stream stays open");
        assertTrue(s.byteExact(), s.toString());
        assertEquals(streamBackend, s.backend());
        assertEquals(Map.of(), r.failures());
        assertTrue(table.maxDeviation() <= SPREAD_LIMIT_POINTS, table.render());
    }

    @Test
    @Order(3)
    void aSourceRouteSendsItsSubnetToItsOwnTargetsWhileTheDefaultClientKeepsTheDefaultGroup() {
        long start = System.nanoTime();
        NsProcess routed = lab.startClient(1, "routed-client", requests(lab, SPREAD_REQUESTS));
        RequestsReport byDefault = lab.runClient(0, requests(lab, SPREAD_REQUESTS)).requests().orElseThrow();
        routed.awaitExit(Duration.ofSeconds(120));
        RequestsReport byRoute = ClientOutput.parse(routed.stdout()).requests()
                .orElseThrow(() -> new AssertionError("routed client printed no report: " + routed.stderrTail(20)));
        double took = DataPlaneLab.seconds(System.nanoTime() - start);

        SpreadTable route = new SpreadTable(lab.expected(DataPlaneLab.ROUTE_WEIGHTS), byRoute.perBackend(),
                byRoute.failed());
        SpreadTable fallback = new SpreadTable(lab.expected(WEIGHTS), byDefault.perBackend(), byDefault.failed());
        lab.say(String.format(Locale.ROOT, "case 3: both clients at once, %.1fs%n  %s (%s, source route %s):%n%s"
                        + "  %s (%s, default group):%n%s", took, lab.sandbox().client(1).name(),
                lab.addresses().clientAddress(1).getHostAddress(), lab.addresses().clientSubnet(1), route.render(),
                lab.sandbox().client(0).name(), lab.addresses().clientAddress(0).getHostAddress(),
                fallback.render()));

        assertEquals(Set.of(DemoBackends.name(2), DemoBackends.name(3)), byRoute.perBackend().keySet(),
                "the routed subnet reaches only its own targets");
        assertEquals(Map.of(), byRoute.failures());
        assertEquals(Map.of(), byDefault.failures());
        assertTrue(route.maxDeviation() <= SPREAD_LIMIT_POINTS, route.render());
        assertTrue(fallback.maxDeviation() <= SPREAD_LIMIT_POINTS, fallback.render());
    }

    @Test
    @Order(4)
    void aUdpServiceAnswersFromTheServiceAddressAndSpreads() {
        JsonNode before = lab.status();
        int datagrams = SPREAD_REQUESTS;
        long start = System.nanoTime();
        UdpReport u = lab.runClient(0, new ClientPlan(lab.echo(), 0, 1, 0, 1, datagrams, Duration.ofSeconds(90)))
                .udp().orElseThrow();
        double took = DataPlaneLab.seconds(System.nanoTime() - start);
        JsonNode after = lab.status();
        Map<Integer, Integer> equal = DataPlaneLab.weights(1, 1, 1);
        SpreadTable table = new SpreadTable(lab.expected(equal), u.perBackend(),
                u.failures().values().stream().mapToInt(Integer::intValue).sum());
        Map<String, Long> counted = difference(lab.newConnections(after, DataPlaneLab.ECHO),
                lab.newConnections(before, DataPlaneLab.ECHO));
        long countedTotal = counted.values().stream().mapToLong(Long::longValue).sum();
        lab.say(String.format(Locale.ROOT, "case 4: %d datagrams to %s in %.1fs, each from a new connected socket"
                + " (a reply counts only when it comes from the VIP's address and port)%n%s  data plane's new UDP"
                + " flows per backend: %s, %d in all; the client used %d distinct source ports (a reused port within"
                + " the UDP idle timeout is the same flow)", u.sent(), lab.echo(), took, table.render(), counted,
                countedTotal, u.flows()));

        assertEquals(datagrams, u.sent());
        assertEquals(Map.of(), u.failures(), "every datagram must be answered from " + lab.echo());
        assertTrue(table.maxDeviation() <= SPREAD_LIMIT_POINTS, table.render());
        assertTrue(Math.abs(countedTotal - u.flows()) <= datagrams / 100, "UDP flows counted " + countedTotal
                + " against " + u.flows() + " distinct source ports");
        for (Map.Entry<String, Long> c : counted.entrySet()) {
            assertTrue(c.getValue() <= u.perBackend().getOrDefault(c.getKey(), 0), "a backend has more flows than"
                    + " answers: " + counted + " against " + u.perBackend());
        }
    }

    @Test
    @Order(5)
    void icmpAndANonServicePortPassUnchangedAndOpenNoFlows() {
        String vip = lab.addresses().vip().getHostAddress();
        NsProcess local = lab.sandbox().start(lab.sandbox().lb(), "lb-local-listener", JavaCommand.forMain(
                DemoBackend.class, List.of("--name", "lb-local", "--bind", vip, "--http-port",
                        Integer.toString(NON_SERVICE_PORT))));
        lab.sandbox().lb().awaitTcp(lab.addresses().vip(), NON_SERVICE_PORT, Duration.ofSeconds(30),
                Optional.of(local));
        JsonNode before = lab.status();

        CommandResult pingVip = lab.sandbox().client().exec("ping", "-c", "3", "-i", "0.2", "-W", "1", vip).run();
        String lbAddress = lab.addresses().lbClientSideAddress(0).getHostAddress();
        CommandResult pingLb = lab.sandbox().client().exec("ping", "-c", "3", "-i", "0.2", "-W", "1", lbAddress)
                .run();
        CommandResult other = lab.sandbox().client().exec("curl", "-sS", "-m", "3",
                "http://" + vip + ":" + NON_SERVICE_PORT + "/").run();
        JsonNode after = lab.status();
        local.stop(Duration.ofSeconds(5));

        long webNew = delta(lab.serviceTraffic(after, DataPlaneLab.WEB), lab.serviceTraffic(before, DataPlaneLab.WEB));
        long echoNew = delta(lab.serviceTraffic(after, DataPlaneLab.ECHO),
                lab.serviceTraffic(before, DataPlaneLab.ECHO));
        long noService = after.path("drops").path("no-service").asLong()
                - before.path("drops").path("no-service").asLong();
        lab.say("case 6: ping " + vip + ": " + summary(pingVip) + "; ping " + lbAddress + ": " + summary(pingLb)
                + "; curl " + vip + ":" + NON_SERVICE_PORT + " -> '" + other.stdout().strip() + "'; new flows: web "
                + webNew + ", echo " + echoNew + "; packets passed as no-service: " + noService);

        assertTrue(pingVip.ok(), pingVip.stdout() + pingVip.stderr());
        assertTrue(pingVip.stdout().contains("3 received"), pingVip.stdout());
        assertTrue(pingLb.ok() && pingLb.stdout().contains("3 received"), pingLb.stdout() + pingLb.stderr());
        assertTrue(other.ok(), other.stderr());
        assertEquals("lb-local", other.stdout().strip(), "the listener on the LB answers itself, not a backend");
        assertEquals(0, webNew, "no flow may be opened for ICMP or another port");
        assertEquals(0, echoNew);
        // 6 echo requests plus at least the TCP handshake's SYN and ACK were seen and left alone
        assertTrue(noService >= 8, "the ingress program saw " + noService + " packets for no service");
    }

    /** @return the backends' established connections from the client once the burst's have closed (at most 5 s) */
    private static Map<String, Integer> onlyTheStreamLeft(String streamBackend) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<String, Integer> held = lab.establishedFrom(lab.addresses().clientAddress(0));
        while (!held.equals(Map.of(streamBackend, 1)) && System.nanoTime() < deadline) {
            Netns.pause(Duration.ofMillis(100));
            held = lab.establishedFrom(lab.addresses().clientAddress(0));
        }
        return held;
    }

    private static String summary(CommandResult ping) {
        return ping.stdout().lines().filter(l -> l.contains("received")).findFirst().orElse("exit " + ping.exitCode());
    }

    private static long delta(JsonNode after, JsonNode before) {
        return after.path("connectionsNew").asLong() - before.path("connectionsNew").asLong();
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        return after.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue() - before.getOrDefault(e.getKey(), 0L), (a, b) -> a, TreeMap::new));
    }

    static ClientPlan requests(DataPlaneLab lab, int n) {
        return new ClientPlan(lab.web(), n, 16, 0, 1, 0, Duration.ofSeconds(90));
    }
}
