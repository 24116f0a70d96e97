package org.ebpflb.e2e;

import static org.ebpflb.lab.sandbox.Netns.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestRecord;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The drain, circuit-breaker and least-conn plugins end to end: the distribution's {@code bin/lb run} with the kernel
 * data plane, three real HTTP backends and a real client in network namespaces; every command goes through the real
 * {@code lb} CLI. One load balancer, four services on the VIP (health checks off, so only these plugins act):
 * {@code dr} (:80, backends 1 and 2) for draining, {@code cb} (:81, backend 1 weight 9 and backend 3 weight 10, so a
 * half-open backend 3 should get 10% of new connections) for the circuit breaker, {@code cap} (:82, all three
 * backends on a closed port) for the ejection cap, and {@code lc} (:83, all three, least-conn on) for least
 * connections. A backend answers SYNs with RST through an nftables reject rule inside its namespace.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModifiersNetnsTest {
    private static final String PREFIX = "lbmo-";
    private static final int BLOCK = 41;
    private static final int HTTP = DemoBackends.HTTP_PORT;
    private static final int CLOSED_PORT = 8081;
    private static final int STREAMS = 20;

    @AutoClose
    private DataPlaneLab lab;
    private String configText;
    private int clients;

    @BeforeAll
    void buildTheLab() {
        for (String plugin : List.of("drain", "circuit-breaker", "least-conn")) {
            assertTrue(Files.isDirectory(DataPlaneLab.distribution().resolve("plugins").resolve(plugin)),
                    plugin + " is not in the distribution");
        }
        lab = DataPlaneLab.create(ModifiersNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                OptionalInt.empty());
        configText = config(true);
        lab.start(configText);
    }

    @Test
    @Order(1)
    void drainStopsNewConnectionsAtOnceAndCompletesWhenTheLastStreamEnds() {
        // streams end well inside dr's 60 s drain-timeout: the drain must complete, not time out
        NsProcess streams = startClient(streams(80, 20));
        Map<String, Integer> held = lab.awaitEstablished(client(), STREAMS, Duration.ofSeconds(20));
        NsProcess loop = startClient(steady(80, 50, 20));
        pause(Duration.ofMillis(1500));
        CommandResult drain = lb("drain", "dr", backend(1).toString());
        long returned = System.currentTimeMillis();
        String countersAtDrain = counters("dr", backend(1));
        assertEquals(0, drain.exitCode(), drain.stderr());
        assertTrue(drain.stdout().startsWith("draining dr " + backend(1)), drain.stdout());
        assertFalse(drain.stdout().contains("no new tables"), "lb drain returns after the tables: " + drain.stdout());
        CommandResult waited = lb("drain", "dr", backend(1).toString(), "--wait");
        long completedSeen = System.currentTimeMillis();
        assertEquals(0, waited.exitCode(), "--wait exits 0 on completion: " + waited.stdout() + waited.stderr());

        List<StreamReport> reports = ClientOutput.parse(finish(streams, 90)).streams();
        RequestsReport requests = ClientOutput.parse(finish(loop, 90)).requests().orElseThrow();
        assertEquals(STREAMS, reports.size());
        reports.forEach(s -> assertTrue(s.byteExact() && s.error().isEmpty(), "stream not byte-exact: " + s));
        long onB1 = reports.stream().filter(s -> s.backend().equals(DemoBackends.name(1))).count();
        List<RequestRecord> late = requests.log().stream().filter(r -> r.startedAtMillis() > returned + 100
                && DemoBackends.name(1).equals(r.backend())).toList();
        assertEquals(List.of(), late, "requests started after the drain returned reached backend-1");
        JsonNode d = drainOf("dr", backend(1));
        assertEquals("completed", d.path("state").asText(), d.toString());
        lab.say(String.format(Locale.ROOT, "drain: %d of %d streams on backend-1 (%s), all byte-exact; %d requests "
                        + "during the drain, none on backend-1 after lb drain returned; completed after %s (seen by "
                        + "--wait %.1fs after lb drain returned); %s; backend-1's counters when the drain returned: %s",
                onB1, STREAMS, held, requests.log().size(), d.path("elapsed").asText(),
                (completedSeen - returned) / 1000.0, explainFactor("dr", backend(1), "drain"), countersAtDrain));
        assertTrue(explainFactor("dr", backend(1), "drain").startsWith("x0 drained: completed after"));
        assertEquals(0, lb("undrain", "dr", backend(1).toString()).exitCode());
    }

    @Test
    @Order(2)
    void atTheTimeoutKeepLetsStreamsFinishAndResetForgetsThem() {
        for (String mode : List.of("keep", "reset")) {
            String service = mode.equals("keep") ? "dk" : "dx";
            NsProcess streams = startClient(new ClientPlan(new Endpoint(lab.addresses().vip(), port(service)), 0, 1,
                    STREAMS, 40, 0, Duration.ofSeconds(55)));
            Map<String, Integer> held = lab.awaitEstablished(client(), STREAMS, Duration.ofSeconds(20));
            CommandResult waited = lb("drain", service, backend(1).toString(), "--timeout", "3s", "--on-timeout", mode,
                    "--wait");
            assertEquals(1, waited.exitCode(), "--wait exits 1 on timeout: " + waited.stdout() + waited.stderr()
                    + counters(service, backend(1)));
            JsonNode d = drainOf(service, backend(1));
            assertEquals("timeout", d.path("state").asText(), d.toString());
            List<StreamReport> reports = ClientOutput.parse(finish(streams, 90)).streams();
            Map<Boolean, List<StreamReport>> onB1 = reports.stream()
                    .collect(Collectors.partitioningBy(s -> s.backend().equals(DemoBackends.name(1))));
            onB1.get(false).forEach(s -> assertTrue(s.byteExact(), "a stream on backend-2 suffered: " + s));
            if (mode.equals("keep")) {
                onB1.get(true).forEach(s -> assertTrue(s.byteExact(), "keep: streams continue: " + s));
                assertEquals("kept", d.path("reason").asText().replaceAll(".*, ", ""), d.toString());
            } else {
                assertTrue(d.path("reset-flows").asInt() >= held.getOrDefault(DemoBackends.name(1), 0),
                        "every stream on backend-1 is among the forgotten flows (closed ones may be too): " + d);
                onB1.get(true).forEach(s -> assertFalse(s.byteExact(), "reset: the stream cannot finish: " + s));
                lab.say("reset: " + d.path("reset-flows").asInt() + " flows forgotten; what their clients saw: "
                        + onB1.get(true).stream().map(s -> s.bytes() + " of " + s.expectedBytes() + " bytes, "
                        + (s.error().isEmpty() ? "no error" : s.error())).distinct().toList());
            }
            lab.say("timeout " + mode + ": " + d.path("reason").asText() + "; streams per backend " + held);
            assertEquals(0, lb("undrain", service, backend(1).toString()).exitCode());
        }
    }

    @Test
    @Order(3)
    void aDrainSurvivesKillNineAndRestartAndAReloadAndEndsWithItsTarget() {
        NsProcess streams = startClient(new ClientPlan(new Endpoint(lab.addresses().vip(), port("ds")), 0, 1, 12,
                120, 0, Duration.ofSeconds(130)));
        Map<String, Integer> held = lab.awaitEstablished(client(), 12, Duration.ofSeconds(20));
        assertTrue(held.containsKey(DemoBackends.name(1)), "no stream reached backend-1: " + held);
        assertEquals(0, lb("drain", "ds", backend(1).toString(), "--timeout", "5m").exitCode());
        String startedBefore = drainOf("ds", backend(1)).path("started").asText();
        NsProcess running = lab.lb().process();
        assertTrue(running.signal("KILL"));
        running.awaitExit(Duration.ofSeconds(20));
        lab.startLoadBalancer();
        JsonNode after = drainOf("ds", backend(1));
        assertEquals(startedBefore, after.path("started").asText(), "the same drain resumed: " + after);
        assertEquals("draining", after.path("state").asText(), "streams on backend-1 " + held + ": " + after);
        assertEquals(Map.of(DemoBackends.name(2), 200), perBackend(port("ds"), 200),
                "backend-1 stays out after the restart");

        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        pause(Duration.ofSeconds(1));
        assertEquals(startedBefore, drainOf("ds", backend(1)).path("started").asText(), "a reload keeps it");

        writeConfig(config(false));
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        await("the drain of a target removed from the configuration ends", Duration.ofSeconds(10),
                () -> !drained("ds", backend(1)));
        writeConfig(configText);
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        await("backend-1 is back in dr", Duration.ofSeconds(10),
                () -> perBackend(port("ds"), 100).containsKey(DemoBackends.name(1)));
        streams.stop(Duration.ofSeconds(5));
        lab.say("drain resumed after kill -9 (started " + startedBefore + "), kept by a reload, ended when its "
                + "target left the configuration");
    }

    @Test
    @Order(4)
    void aBackendAnsweringRstOpensItsCircuitHalfOpensAtTenPercentAndClosesWhenHealthy() {
        reject(3, true);
        try {
            long start = System.currentTimeMillis();
            perBackend(81, 100);
            await("backend-3's circuit opens", Duration.ofSeconds(20), () -> circuit("cb", backend(3)).path("state")
                    .asText().equals("open"));
            lab.say("circuit opened " + (System.currentTimeMillis() - start) + " ms after the first RST burst: "
                    + explainFactor("cb", backend(3), "circuit-breaker"));
            assertTrue(explainFactor("cb", backend(3), "circuit-breaker").startsWith("x0 open: "));
            pause(Duration.ofSeconds(1)); // the reconciler's debounce: the open circuit's tables reach the kernel
            assertEquals(Map.of(DemoBackends.name(1), 200), perBackend(81, 200), "an open circuit gets nothing");
        } finally {
            reject(3, false);
        }
        await("half-open after open-duration", Duration.ofSeconds(40), () -> circuit("cb", backend(3)).path("state")
                .asText().equals("half-open"));
        Map<String, Integer> halfOpen = perBackend(81, 1000);
        double share = 100.0 * halfOpen.getOrDefault(DemoBackends.name(3), 0) / 1000;
        lab.say(String.format(Locale.ROOT, "half-open: backend-3 got %.1f%% of 1000 new connections %s; %s", share,
                halfOpen, explainFactor("cb", backend(3), "circuit-breaker")));
        assertTrue(Math.abs(share - 10) <= 3, "half-open share " + share + "% is not 10% +- 3 points");
        for (int i = 0; i < 5 && !circuit("cb", backend(3)).path("state").asText().equals("closed"); i++) {
            perBackend(81, 1000);
            pause(Duration.ofMillis(1500));
        }
        assertEquals("closed", circuit("cb", backend(3)).path("state").asText(), "healthy again: the circuit closes");
        assertTrue(explainFactor("cb", backend(3), "circuit-breaker").startsWith("x1 closed"));
    }

    @Test
    @Order(5)
    void theBreakerNeverEjectsMoreThanMaxEjectionPctAndForcedStatesShow() {
        RequestsReport failing = lab.requests(ClientPlan.requests(new Endpoint(lab.addresses().vip(), 82), 150));
        assertEquals(0, failing.answered(), "every backend of cap answers RST");
        await("one circuit of cap opens", Duration.ofSeconds(15), () -> states("cap").contains("open"));
        lab.requests(ClientPlan.requests(new Endpoint(lab.addresses().vip(), 82), 150));
        pause(Duration.ofMillis(1500));
        List<String> states = states("cap");
        lab.say("cap (3 backends all failing, max-ejection-pct 50): circuits " + states);
        assertEquals(1, states.stream().filter(s -> !s.equals("closed")).count(), states.toString());

        CommandResult forced = lb("circuit", "cb", backend(1).toString(), "open");
        assertEquals(0, forced.exitCode(), forced.stderr());
        assertTrue(forced.stdout().contains("open (forced)"), forced.stdout());
        assertEquals("x0 forced open", explainFactor("cb", backend(1), "circuit-breaker"));
        assertEquals(0, lb("circuit", "cb", backend(1).toString(), "reset").exitCode());
        CommandResult bad = lb("circuit", "cb", backend(1).toString(), "trip");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.stderr().contains("unknown action 'trip'"), bad.stderr());
    }

    @Test
    @Order(6)
    void leastConnSendsFewerNewConnectionsToTheBackendHolding50AndDoesNotChurnTheTables() {
        for (int b : new int[] {2, 3}) {
            assertEquals(0, lb("drain", "lc", backend(b).toString(), "--timeout", "5m").exitCode());
        }
        NsProcess held = startClient(new ClientPlan(new Endpoint(lab.addresses().vip(), 83), 0, 1, 50, 300, 0,
                Duration.ofSeconds(310)));
        assertEquals(Map.of(DemoBackends.name(1), 50), lab.awaitEstablished(client(), 50, Duration.ofSeconds(20)));
        for (int b : new int[] {2, 3}) {
            assertEquals(0, lb("undrain", "lc", backend(b).toString()).exitCode());
        }
        await("least-conn slows backend-1", Duration.ofSeconds(10),
                () -> !explainFactor("lc", backend(1), "least-conn").startsWith("x1 "));
        long writesBefore = lab.status().path("reconcile").path("applies").asLong();
        long start = System.nanoTime();
        RequestsReport steady = ClientOutput.parse(finish(startClient(steady(83, 60, 10)), 60)).requests()
                .orElseThrow();
        String during = explainFactor("lc", backend(1), "least-conn");
        double seconds = (System.nanoTime() - start) / 1e9;
        long writes = lab.status().path("reconcile").path("applies").asLong() - writesBefore;
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int b = 1; b <= 3; b++) {
            shares.put(DemoBackends.name(b), 100.0 * steady.perBackend().getOrDefault(DemoBackends.name(b), 0)
                    / Math.max(1, steady.answered()));
        }
        lab.say(String.format(Locale.ROOT, "least-conn: shares of %d new connections with 50 held on backend-1: %s; "
                        + "%d data-plane writes in %.1fs; %s", steady.answered(), shares, writes, seconds, during));
        double peers = Math.min(shares.get(DemoBackends.name(2)), shares.get(DemoBackends.name(3)));
        assertTrue(shares.get(DemoBackends.name(1)) < peers / 3, "backend-1 is not clearly below its peers: " + shares);
        assertTrue(writes <= Math.ceil(seconds) + 1, writes + " table writes in " + seconds + "s");
        held.stop(Duration.ofSeconds(5));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String config(boolean withBackend1InDs) {
        String vip = lab.addresses().vip().getHostAddress();
        String listen = "interfaces = [\"" + lab.sandbox().lbClientDevice(0) + "\"], address = \"" + vip
                + "\", protocol = tcp";
        return """
                lb {
                  instance = "lbmo"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  plugins.least-conn { services = ["lc"] }
                  services = [
                    { name = dr, listen { %s, port = 80 }, health-check { type = none }, drain-timeout = 60s
                      targets = [ %s ] }
                    { name = dk, listen { %s, port = 84 }, health-check { type = none }, targets = [ %s ] }
                    { name = dx, listen { %s, port = 85 }, health-check { type = none }, targets = [ %s ] }
                    { name = ds, listen { %s, port = 86 }, health-check { type = none }
                      targets = [ %s ] }
                    { name = cb, listen { %s, port = 81 }, health-check { type = none }
                      circuit-breaker { window = 15s, min-requests = 10, open-duration = 20s, success-threshold = 200 }
                      targets = [ %s ] }
                    { name = cap, listen { %s, port = 82 }, health-check { type = none }
                      circuit-breaker { window = 15s, min-requests = 10, open-duration = 60s, max-ejection-pct = 50 }
                      targets = [ %s ] }
                    { name = lc, listen { %s, port = 83 }, health-check { type = none }
                      targets = [ %s ] }
                  ]
                }
                """.formatted(DemoConfig.ADMIN_LISTEN, lab.bpffsDir(),
                listen, targets(HTTP, Map.of(1, 10, 2, 10)),
                listen, targets(HTTP, Map.of(1, 10, 2, 10)),
                listen, targets(HTTP, Map.of(1, 10, 2, 10)),
                listen, targets(HTTP, withBackend1InDs ? Map.of(1, 10, 2, 10) : Map.of(2, 10)),
                listen, targets(HTTP, Map.of(1, 9, 3, 10)),
                listen, targets(CLOSED_PORT, Map.of(1, 10, 2, 10, 3, 10)),
                listen, targets(HTTP, Map.of(1, 10, 2, 10, 3, 10)));
    }

    private String targets(int port, Map<Integer, Integer> weights) {
        List<String> out = new ArrayList<>();
        weights.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add("{ ip = \""
                + lab.addresses().backendAddress(e.getKey()).getHostAddress() + "\", port = " + port + ", weight = "
                + e.getValue() + " }"));
        return String.join(", ", out);
    }

    private void writeConfig(String text) {
        try {
            Files.writeString(lab.configFile(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a backend answer every SYN to its HTTP port with RST (an nftables reject rule in its namespace). */
    private void reject(int backend, boolean on) {
        if (on) {
            lab.sandbox().backend(backend).exec("nft", "add table inet lbmo; add chain inet lbmo in { type filter hook "
                    + "input priority 0; }; add rule inet lbmo in tcp dport " + HTTP + " reject with tcp reset")
                    .check();
        } else {
            lab.sandbox().backend(backend).exec("nft", "delete table inet lbmo").check();
        }
    }

    private CommandResult lb(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("-c", lab.configFile().toString()));
        return lab.lb().cli(argv.toArray(String[]::new));
    }

    private static int port(String service) {
        return switch (service) {
            case "dk" -> 84;
            case "dx" -> 85;
            case "ds" -> 86;
            default -> throw new IllegalArgumentException(service);
        };
    }

    /** @return a target's connection counters from {@code lb status --json}, for messages */
    private String counters(String service, Endpoint target) {
        for (JsonNode s : lab.status().path("services")) {
            if (s.path("name").asText().equals(service)) {
                JsonNode t = s.path("traffic").path("targets").path(target.toString());
                return "new " + t.path("connectionsNew").asText() + ", closed " + t.path("connectionsClosed").asText()
                        + ", active " + t.path("connectionsActive").asText();
            }
        }
        return "(no counters)";
    }

    private Endpoint backend(int b) {
        return new Endpoint(lab.addresses().backendAddress(b), HTTP);
    }

    private InetAddress client() {
        return lab.addresses().clientAddress(0);
    }

    private ClientPlan streams(int port, int seconds) {
        return new ClientPlan(new Endpoint(lab.addresses().vip(), port), 0, 1, STREAMS, seconds, 0,
                Duration.ofSeconds(seconds + 40));
    }

    private ClientPlan steady(int port, int perSecond, int seconds) {
        return new ClientPlan(new Endpoint(lab.addresses().vip(), port), perSecond * seconds, 4, 0, 1, 0,
                Duration.ofSeconds(seconds + 30), perSecond, true);
    }

    private NsProcess startClient(ClientPlan plan) {
        return lab.startClient(0, "client-" + ++clients, plan);
    }

    private static String finish(NsProcess client, int seconds) {
        client.awaitExit(Duration.ofSeconds(seconds));
        return client.stdout();
    }

    /** @return new connections answered per backend name, from {@code requests} to VIP:port */
    private Map<String, Integer> perBackend(int port, int requests) {
        return lab.requests(ClientPlan.requests(new Endpoint(lab.addresses().vip(), port), requests)).perBackend();
    }

    private JsonNode drains() {
        return read("/api/v1/drains");
    }

    private boolean drained(String service, Endpoint target) {
        for (JsonNode d : drains().path("drains")) {
            if (d.path("service").asText().equals(service) && d.path("target").asText().equals(target.toString())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode drainOf(String service, Endpoint target) {
        for (JsonNode d : drains().path("drains")) {
            if (d.path("service").asText().equals(service) && d.path("target").asText().equals(target.toString())) {
                return d;
            }
        }
        throw new AssertionError("no drain of " + service + " " + target + ": " + drains());
    }

    private JsonNode circuit(String service, Endpoint target) {
        for (JsonNode c : read("/api/v1/status").path("sections").path("circuits").path(service)) {
            if (c.path("target").asText().equals(target.toString())) {
                return c;
            }
        }
        throw new AssertionError("no circuit of " + service + " " + target);
    }

    private List<String> states(String service) {
        List<String> out = new ArrayList<>();
        read("/api/v1/status").path("sections").path("circuits").path(service)
                .forEach(c -> out.add(c.path("state").asText()));
        return out;
    }

    /** @return one modifier's cell of {@code lb explain}'s JSON for a target: "x0 reason" */
    private String explainFactor(String service, Endpoint target, String modifier) {
        JsonNode explain = read("/api/v1/services/" + service + "/explain");
        for (JsonNode row : explain.path("groups").get(0).path("targets")) {
            if (row.path("target").asText().equals(target.toString())) {
                for (JsonNode f : row.path("factors")) {
                    if (f.path("modifier").asText().equals(modifier)) {
                        double v = f.path("value").asDouble();
                        String value = v == Math.rint(v) ? Long.toString((long) v)
                                : String.format(Locale.ROOT, "%.2f", v);
                        return "x" + value + " " + f.path("reason").asText();
                    }
                }
            }
        }
        throw new AssertionError("no " + modifier + " factor for " + target + " in " + explain);
    }

    private JsonNode read(String path) {
        String body = lab.admin(path);
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " answered something else: " + body, e);
        }
    }

    private void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + limit.toMillis() + " ms; load balancer log tail:\n"
                        + lab.lb().logTail());
            }
            pause(Duration.ofMillis(100));
        }
    }
}
