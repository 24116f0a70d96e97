package org.ebpflb.e2e;

import static org.ebpflb.lab.sandbox.Netns.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestRecord;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.TargetRowView;
import org.ebpflb.testing.PrivilegedTier;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runtime changes and the event stream end to end: the distribution's {@code bin/lb run} with the kernel data plane,
 * the health-http and drain plugins, three real HTTP backends and a real client in network namespaces. One load
 * balancer serves every case, in order: a target added by {@code lb target add} takes its share of new connections
 * at once; a weight set through the admin API shows in explain and in traffic; a target removed by
 * {@code lb target remove} gets no new connection while its streams finish byte-exact; invalid changes are refused
 * with their reasons and change nothing; {@code lb events} shows a health change and a drain within a second; and
 * after {@code kill -9} and a restart the overlay's changes are still in force.
 *
 * <p>Service {@code web} (VIP:80) starts with backends 1 and 2 at weight 10 each; backend 3 is added at runtime.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeApiNetnsTest {
    private static final String PREFIX = "lbrt-";
    private static final int BLOCK = 60;
    private static final int HTTP = DemoBackends.HTTP_PORT;
    /** Streams on three backends: with backend-2's share of 1/6, all 48 miss it with probability 2e-4. */
    private static final int STREAMS = 48;
    /** Long enough to outlive an lb command that takes 12 s on a loaded machine. */
    private static final int STREAM_SECONDS = 17;

    @AutoClose
    private DataPlaneLab lab;
    private Path overlay;
    private int clients;

    @BeforeAll
    void buildTheLab() {
        for (String plugin : List.of("health-http", "drain")) {
            assertTrue(Files.isDirectory(DataPlaneLab.distribution().resolve("plugins").resolve(plugin)),
                    plugin + " is not in the distribution");
        }
        lab = DataPlaneLab.create(RuntimeApiNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                OptionalInt.empty());
        lab.start(config());
        overlay = lab.configFile().resolveSibling(lab.configFile().getFileName() + ".runtime.conf");
    }

    @Test
    @Order(1)
    void aTargetAddedByTheCliTakesItsShareOfNewConnectionsWithinASecond() {
        // lb is a JVM: on a loaded machine it has taken 12 s to start and answer, so traffic runs long enough around it
        NsProcess client = startClient(steady(100, 18));
        pause(Duration.ofMillis(1500));
        CommandResult add = lb("target", "add", "web", backend(3).toString(), "--weight", "10");
        long returned = System.currentTimeMillis();
        RequestsReport report = finish(client);

        List<RequestRecord> after = report.log().stream().filter(r -> r.startedAtMillis() >= returned).toList();
        long first = after.stream().filter(r -> DemoBackends.name(3).equals(r.backend()))
                .mapToLong(RequestRecord::startedAtMillis).min().orElse(Long.MAX_VALUE) - returned;
        List<RequestRecord> settled = after.stream().filter(r -> r.startedAtMillis() >= returned + 1000).toList();
        double share = share(settled, 3);
        lab.say(String.format(Locale.ROOT, "target add: %s; first new connection on backend-3 %d ms after the "
                        + "command returned; from 1 s on backend-3 took %.1f%% of %d requests (expected 33.3%%)",
                add.stdout().strip(), first, 100 * share, settled.size()));

        assertEquals(0, add.exitCode(), add.stderr());
        assertTrue(add.stdout().startsWith("applied: target add web " + backend(3) + "; services changed: web"),
                add.stdout());
        assertEquals(List.of(), report.log().stream().filter(r -> !r.answered()).toList(), "failed requests");
        assertTrue(settled.size() >= 300, "too little traffic after lb target add returned: " + settled.size());
        assertTrue(first <= 1000, "backend-3 got its first new connection " + first + " ms after lb target add");
        assertShare(settled, 3, 1.0 / 3);
        assertTrue(Files.exists(overlay), "the change is kept in " + overlay);
    }

    @Test
    @Order(2)
    void aWeightSetThroughTheAdminApiShowsInExplainAndInTraffic() {
        String answer = adminPost("/api/v1/services/web/targets/" + backend(3) + "/weight", "{\"weight\": 40}");
        TargetRowView row = row(explain(), backend(3));
        String explainText = lb("explain", "web").orThrow().stdout();
        RequestsReport burst = burst(600);
        lab.say(String.format(Locale.ROOT, "weight by API: %s; explain: base %.0f, share %.1f%%; traffic: %s",
                answer.strip(), row.base(), row.sharePercent(), burst.perBackend()));

        assertTrue(answer.contains("\"applied\":true"), answer);
        assertEquals(40.0, row.base());
        assertEquals(40.0 / 60 * 100, row.sharePercent(), 0.1);
        assertTrue(explainText.lines().anyMatch(l -> l.strip().startsWith(backend(3) + " ")
                && l.strip().split("\\s+")[1].equals("40")), explainText);
        assertEquals(600, burst.answered(), burst.failures().toString());
        assertShare(burst, 3, 40.0 / 60);
    }

    @Test
    @Order(3)
    void aRemovedTargetGetsNoNewConnectionWhileItsStreamsFinish() {
        long opened = System.currentTimeMillis();
        NsProcess streams = startClient(new ClientPlan(web(), 0, 1, STREAMS, STREAM_SECONDS, 0,
                Duration.ofSeconds(STREAM_SECONDS + 30)));
        Map<String, Integer> held = lab.awaitEstablished(lab.addresses().clientAddress(0), STREAMS,
                Duration.ofSeconds(20));
        NsProcess loop = startClient(steady(50, STREAM_SECONDS));
        pause(Duration.ofMillis(1000));
        CommandResult remove = lb("target", "remove", "web", backend(2).toString());
        long returned = System.currentTimeMillis();
        List<StreamReport> reports = ClientOutput.parse(finish(streams, 60)).streams();
        RequestsReport requests = finish(loop);

        List<RequestRecord> late = requests.log().stream().filter(r -> r.startedAtMillis() > returned
                && DemoBackends.name(2).equals(r.backend())).toList();
        long onRemoved = reports.stream().filter(s -> s.backend().equals(DemoBackends.name(2))).count();
        lab.say(String.format(Locale.ROOT, "target remove: %s; streams held %s, %d of them on backend-2, all %d "
                        + "byte-exact: %b; %d requests after the command returned, %d on backend-2",
                remove.stdout().strip(), held, onRemoved, reports.size(),
                reports.stream().allMatch(StreamReport::byteExact),
                requests.log().stream().filter(r -> r.startedAtMillis() > returned).count(), late.size()));

        assertEquals(0, remove.exitCode(), remove.stderr());
        assertTrue(returned - opened < STREAM_SECONDS * 1000L - 2000, "the streams were nearly over at the removal");
        assertTrue(requests.log().stream().filter(r -> r.startedAtMillis() > returned).count() >= 100,
                "too little traffic after lb target remove returned");
        assertTrue(onRemoved > 0, "no stream was on backend-2: " + held);
        assertEquals(STREAMS, reports.size());
        reports.forEach(s -> assertTrue(s.byteExact() && s.error().isEmpty(), "stream not byte-exact: " + s));
        assertEquals(List.of(), late, "new connections reached the removed backend-2");
        assertEquals(List.of(), requests.log().stream().filter(r -> !r.answered()).toList(), "failed requests");
        assertFalse(explain().groups().getFirst().targets().stream()
                .anyMatch(t -> t.target().equals(backend(2).toString())), "explain still lists backend-2");
    }

    @Test
    @Order(4)
    void anInvalidChangeIsRefusedWithItsReasonAndChangesNothing() throws IOException {
        String before = Files.readString(overlay);
        ExplainView explained = explain();

        CommandResult zero = lb("target", "weight", "web", backend(1).toString(), "--weight", "0");
        String twice = adminPost("/api/v1/services/web/targets", "{\"ip\": \"" + backend(3).address()
                .getHostAddress() + "\", \"port\": " + HTTP + "}");
        String unknown = adminPost("/api/v1/services/nope/targets/" + backend(1) + "/weight", "{\"weight\": 5}");
        lab.say("refused: " + zero.stderr().strip().replace("\n", " | ") + "; " + twice.strip() + "; "
                + unknown.strip());

        assertEquals(1, zero.exitCode());
        assertTrue(zero.stderr().contains("request target weight web " + backend(1) + ": weight 0 must be at least 1"),
                zero.stderr());
        assertTrue(twice.contains("request target add web " + backend(3) + ": target " + backend(3)
                + " is listed twice in this group (first at " + overlay), twice);
        assertTrue(unknown.contains("no service 'nope'"), unknown);
        assertEquals(before, Files.readString(overlay), "the overlay file is unchanged");
        assertEquals(weights(explained), weights(explain()), "the running weights are unchanged");
    }

    @Test
    @Order(5)
    void lbEventsShowsAHealthChangeAndADrainWithinASecond() {
        NsProcess events = lab.sandbox().start(lab.sandbox().lb(), "events", List.of(
                DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "events", "--type", "TargetHealthChanged,DrainStarted", "-c",
                lab.configFile().toString()));
        try {
            await("lb events is following", Duration.ofSeconds(30), () -> events.stderr().contains("following"));
            lab.backends().stop(1);
            EventSeen health = awaitEvent(events, l -> l.contains("TargetHealthChanged")
                    && l.contains(backend(1).toString()) && l.contains("healthy=false"));
            String drain = adminPost("/api/v1/services/web/targets/" + backend(3) + "/drain", "{}");
            EventSeen drained = awaitEvent(events, l -> l.contains("DrainStarted") && l.contains(backend(3)
                    .toString()));
            lab.say(String.format(Locale.ROOT, "lb events: health change shown %d ms after it happened (%s); drain "
                    + "shown %d ms after it started (%s)", health.delayMillis(), health.line(), drained.delayMillis(),
                    drained.line()));

            assertTrue(drain.contains("\"created\":true"), drain);
            assertTrue(health.delayMillis() <= 1000, "health change shown after " + health.delayMillis() + " ms");
            assertTrue(drained.delayMillis() <= 1000, "drain shown after " + drained.delayMillis() + " ms");
        } finally {
            events.stop(Duration.ofSeconds(2));
            lab.backends().restart(1);
            lab.sandbox().lb().exec("curl", "-sS", "-m", "10", "-X", "DELETE", "http://" + DemoConfig.ADMIN_LISTEN
                    + "/api/v1/services/web/targets/" + backend(3) + "/drain").check();
        }
        await("backend-1 healthy again", Duration.ofSeconds(10), () -> row(explain(), backend(1)).effective() > 0);
    }

    @Test
    @Order(6)
    void afterKillMinus9AndARestartTheRuntimeChangesAreStillApplied() {
        NsProcess killed = lab.lb().process();
        assertTrue(killed.signal("KILL"));
        killed.awaitExit(Duration.ofSeconds(20));
        lab.startLoadBalancer();
        await("backend-3 undrained and healthy", Duration.ofSeconds(10),
                () -> row(explain(), backend(3)).effective() == 40 && row(explain(), backend(1)).effective() == 10);
        ExplainView web = explain();
        String diff = lb("runtime", "diff").orThrow().stdout();
        JsonNode section = status().path("sections").path("runtime changes");
        RequestsReport burst = burst(500);
        lab.say(String.format(Locale.ROOT, "after kill -9 and restart: targets %s; traffic %s; lb runtime diff:%n%s",
                web.groups().getFirst().targets().stream().map(t -> t.target() + "=" + t.base()).toList(),
                burst.perBackend(), diff.strip()));

        assertEquals(List.of(backend(1).toString(), backend(3).toString()), web.groups().getFirst().targets()
                .stream().map(TargetRowView::target).toList());
        assertEquals(40.0, row(web, backend(3)).base());
        assertTrue(diff.contains("service web: target " + backend(3) + " added (weight 40)"), diff);
        assertTrue(diff.contains("service web: target " + backend(2) + " removed"), diff);
        assertEquals(overlay.toString(), section.path("overlay").asText(), section.toString());
        assertEquals(List.of("service web: target " + backend(3) + " added (weight 40)", "service web: target "
                + backend(2) + " removed"), Json.mapper().convertValue(section.path("changes"), List.class),
                "lb status and GET /api/v1/status say what the overlay changes");
        assertEquals(500, burst.answered(), burst.failures().toString());
        assertEquals(0, burst.perBackend().getOrDefault(DemoBackends.name(2), 0), burst.perBackend().toString());
        assertShare(burst, 3, 40.0 / 50);
    }

    private String config() {
        String vip = lab.addresses().vip().getHostAddress();
        return """
                lb {
                  instance = "lbe2e-rt"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  services = [
                    { name = web
                      listen { interfaces = ["%s"], address = "%s", port = 80, protocol = tcp }
                      health-check { type = http, path = "/health", interval = 500ms, timeout = 300ms,
                                     healthy-threshold = 1, unhealthy-threshold = 1, slow-start = 0s, jitter = 0 }
                      drain-timeout = 60s
                      targets = [ { ip = "%s", port = %d, weight = 10 },
                                  { ip = "%s", port = %d, weight = 10 } ] }
                  ]
                }
                """.formatted(DemoConfig.ADMIN_LISTEN, lab.bpffsDir(), lab.sandbox().lbClientDevice(0), vip,
                backend(1).address().getHostAddress(), HTTP, backend(2).address().getHostAddress(), HTTP);
    }

    private Endpoint backend(int b) {
        return lab.backends().http(b);
    }

    private Endpoint web() {
        return new Endpoint(lab.addresses().vip(), 80);
    }

    private CommandResult lb(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("-c", lab.configFile().toString()));
        return lab.lb().cli(argv.toArray(String[]::new));
    }

    /** @return the admin API's answer, whatever its status */
    private String adminPost(String path, String json) {
        return lab.sandbox().lb().exec("curl", "-sS", "-m", "10", "-X", "POST", "-H",
                "Content-Type: application/json", "-d", json, "http://" + DemoConfig.ADMIN_LISTEN + path).check()
                .stdout();
    }

    private JsonNode status() {
        try {
            return Json.mapper().readTree(lab.admin("/api/v1/status"));
        } catch (IOException e) {
            throw new AssertionError("status is not JSON", e);
        }
    }

    private ExplainView explain() {
        String body = lab.admin("/api/v1/services/web/explain");
        try {
            return Json.mapper().readValue(body, ExplainView.class);
        } catch (IOException e) {
            throw new AssertionError("explain answered something else: " + body, e);
        }
    }

    /** @return per target: base and effective weight and table slots */
    private static List<String> weights(ExplainView view) {
        return view.groups().getFirst().targets().stream()
                .map(t -> t.target() + " " + t.base() + " " + t.effective() + " " + t.slots()).toList();
    }

    private static TargetRowView row(ExplainView view, Endpoint target) {
        return view.groups().getFirst().targets().stream().filter(t -> t.target().equals(target.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(target + " not in " + view));
    }

    private ClientPlan steady(int perSecond, int seconds) {
        return new ClientPlan(web(), perSecond * seconds, 8, 0, 1, 0, Duration.ofSeconds(seconds + 30), perSecond,
                true);
    }

    private RequestsReport burst(int requests) {
        return lab.requests(new ClientPlan(web(), requests, 8, 0, 1, 0, Duration.ofSeconds(60)));
    }

    private NsProcess startClient(ClientPlan plan) {
        return lab.startClient(0, "client-" + ++clients, plan);
    }

    private RequestsReport finish(NsProcess client) {
        return ClientOutput.parse(finish(client, 60)).requests().orElseThrow();
    }

    private static String finish(NsProcess client, int seconds) {
        int exit = client.awaitExit(Duration.ofSeconds(seconds));
        assertEquals(0, exit, client.stderrTail(20));
        return client.stdout();
    }

    private static double share(List<RequestRecord> records, int backend) {
        long answered = records.stream().filter(RequestRecord::answered).count();
        return answered == 0 ? 0 : (double) records.stream()
                .filter(r -> DemoBackends.name(backend).equals(r.backend())).count() / answered;
    }

    /** Within three standard deviations of a binomial share over the requests counted. */
    private static void assertShare(List<RequestRecord> records, int backend, double expected) {
        long n = records.stream().filter(RequestRecord::answered).count();
        double tolerance = 3 * Math.sqrt(expected * (1 - expected) / Math.max(n, 1));
        double share = share(records, backend);
        assertTrue(n >= 100 && Math.abs(share - expected) <= tolerance, String.format(Locale.ROOT,
                "backend-%d took %.1f%% of %d answered requests; expected %.1f%% +- %.1f", backend, 100 * share, n,
                100 * expected, 100 * tolerance));
    }

    private static void assertShare(RequestsReport report, int backend, double expected) {
        int n = report.answered();
        double share = (double) report.perBackend().getOrDefault(DemoBackends.name(backend), 0) / Math.max(n, 1);
        double tolerance = 3 * Math.sqrt(expected * (1 - expected) / Math.max(n, 1));
        assertTrue(Math.abs(share - expected) <= tolerance, String.format(Locale.ROOT,
                "backend-%d took %.1f%% of %d; expected %.1f%% +- %.1f: %s", backend, 100 * share, n,
                100 * expected, 100 * tolerance, report.perBackend()));
    }

    /**
     * A line of {@code lb events}, and how long after the event's own time it was printed.
     *
     * @param line the line
     * @param delayMillis printed minus happened
     */
    private record EventSeen(String line, long delayMillis) {
    }

    /** Polls the output of {@code lb events} every 20 ms; the first matching line's time is when it was seen. */
    private EventSeen awaitEvent(NsProcess events, Predicate<String> matches) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : events.stdout().lines().toList()) {
                if (matches.test(line)) {
                    long seen = System.currentTimeMillis();
                    Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                    return new EventSeen(line, seen - at.toEpochMilli());
                }
            }
            pause(Duration.ofMillis(20));
        }
        throw new AssertionError("lb events printed no such line:\n" + events.stdout() + events.stderrTail(10)
                + "\nload balancer:\n" + lab.lb().logTail());
    }

    private void await(String what, Duration limit, BooleanSupplier condition) {
        try {
            Await.until(what, condition, limit, Duration.ofMillis(100));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; load balancer log tail:\n" + lab.lb().logTail(), e);
        }
    }
}
