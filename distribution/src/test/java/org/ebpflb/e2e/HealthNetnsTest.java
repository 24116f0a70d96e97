package org.ebpflb.e2e;

import static org.ebpflb.lab.sandbox.Netns.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.DemoClient;
import org.ebpflb.lab.app.RequestRecord;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.FactorView;
import org.ebpflb.runtime.view.GroupView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.ServiceView;
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
 * Health checks end to end: the distribution's {@code bin/lb run} with the kernel data plane and the health-http and
 * health-tcp plugins from its {@code plugins/}, three real HTTP backends (DemoBackend) and a real client (DemoClient)
 * in network namespaces. One sandbox and one load balancer serve every case, in order: a backend killed under steady
 * traffic, its return through slow start, a backend answering 503, https checks with and without verification, and
 * all backends stopped (panic).
 *
 * <p>Services: {@code web} (VIP:80, http checks of {@code /health}), {@code web-tcp} (VIP:81, tcp checks) over the
 * same three backends with equal weights, and {@code tls} (VIP:443) whose https checks reach a TLS server
 * ({@code openssl s_server} with a self-signed certificate made at test time) on each backend, one target per
 * verification mode. "A new connection reached a backend" is read on the backend's side: tcpdump in each backend
 * namespace logs the arrival of every client SYN ({@link SynCapture}).
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthNetnsTest {
    private static final String PREFIX = "lbe2e-hc-";
    private static final int BLOCK = 15;
    private static final int HTTP_PORT = DemoBackends.HTTP_PORT;
    private static final int TLS_PORT = 8443;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int UNHEALTHY_THRESHOLD = 2;
    private static final Duration SLOW_START = Duration.ofSeconds(6);
    /** The issue's bound: interval x unhealthy-threshold + 1 s after the kill. */
    private static final Duration KILL_BOUND = INTERVAL.multipliedBy(UNHEALTHY_THRESHOLD).plusSeconds(1);
    /** Requests per second of the steady client. */
    private static final int RATE = 150;
    private static final String HTTP_PLUGIN = "health-http";
    private static final String TCP_PLUGIN = "health-tcp";

    @AutoClose
    private DataPlaneLab lab;
    private Path work;
    private Sandbox sandbox;
    private DemoBackends backends;
    private DemoLoadBalancer lb;
    private Path config;
    private final Map<Integer, SynCapture> syns = new HashMap<>();
    private int clients;

    @BeforeAll
    void buildTheLab() {
        Path dist = DataPlaneLab.distribution();
        for (String plugin : List.of(HTTP_PLUGIN, TCP_PLUGIN)) {
            assertTrue(Files.isDirectory(dist.resolve("plugins").resolve(plugin)), plugin + " is not in " + dist);
        }
        lab = DataPlaneLab.create(HealthNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                OptionalInt.empty());
        sandbox = lab.sandbox();
        work = sandbox.workDir();
        backends = lab.backends();
        for (int b = 1; b <= 3; b++) {
            syns.put(b, SynCapture.start(sandbox, sandbox.backend(b), client(), HTTP_PORT));
        }
        startTlsServers();
        lab.start(config()); // waits until the web service answers through the load balancer
        lb = lab.lb();
        config = lab.configFile();
        await("every web backend passes an http probe", Duration.ofSeconds(20), () -> Stream.of(1, 2, 3)
                .allMatch(b -> healthOf(HTTP_PLUGIN, "web", backends.http(b)).path("reason").asText()
                        .equals("HTTP 200")));
    }

    @Test
    @Order(1)
    void aKilledBackendGetsNoNewConnectionLaterThanIntervalTimesThresholdPlusOneSecond() {
        Endpoint killed = backends.http(2);
        SynCapture atKilled = syns.get(2);
        int seconds = 10;
        NsProcess client = startClient(steady(seconds));
        assertTrue(atKilled.awaitMoreThan(atKilled.arrivals().size(), Duration.ofSeconds(15)),
                "the steady client's traffic never reached backend-2");
        pause(Duration.ofMillis(1500));
        long killAt = System.currentTimeMillis();
        backends.stop(2);
        RequestsReport report = finish(client, seconds);
        await("health-http takes backend-2 out", Duration.ofSeconds(5),
                () -> factor(explain("web"), killed, HTTP_PLUGIN).value() == 0);

        List<Long> synsAfterKill = atKilled.arrivals().stream().filter(t -> t >= killAt).toList();
        long lastSyn = synsAfterKill.stream().mapToLong(t -> t - killAt).max().orElse(0);
        long windowEnd = killAt + KILL_BOUND.toMillis();
        // before: requests over before the kill (one still connecting when the backend died may fail: it is in
        // neither list)
        List<RequestRecord> before = report.log().stream().filter(r -> r.startedAtMillis() + r.millis() < killAt)
                .toList();
        List<RequestRecord> window = report.log().stream()
                .filter(r -> r.startedAtMillis() >= killAt && r.startedAtMillis() < windowEnd).toList();
        List<RequestRecord> after = report.log().stream().filter(r -> r.startedAtMillis() >= windowEnd).toList();
        long failedInWindow = window.stream().filter(r -> !r.answered()).count();
        Instant verdict = Instant.parse(healthOf(HTTP_PLUGIN, "web", killed).path("last-change").asText());
        System.out.printf(Locale.ROOT, "[health e2e] kill: %d requests at %d/s; backend-2 killed; %d SYNs reached it "
                        + "after the kill, the last %d ms after (bound %d ms); health-http verdict %d ms after the "
                        + "kill; %d of %d requests in the %d ms window failed %s; %d requests after the window, %d "
                        + "failed%n", report.sent(), RATE, synsAfterKill.size(), lastSyn, KILL_BOUND.toMillis(),
                verdict.toEpochMilli() - killAt, failedInWindow, window.size(), KILL_BOUND.toMillis(),
                failureReasons(window), after.size(), after.stream().filter(r -> !r.answered()).count());

        assertEquals(report.planned(), report.sent(), "the steady client ran to its end: " + report.failures());
        assertTrue(before.stream().allMatch(RequestRecord::answered), "failures before the kill: " + before);
        assertTrue(before.stream().anyMatch(r -> "backend-2".equals(r.backend())), "backend-2 served before");
        assertTrue(lastSyn <= KILL_BOUND.toMillis(), "a new connection reached the killed backend " + lastSyn
                + " ms after the kill; the bound is " + KILL_BOUND.toMillis() + " ms");
        assertTrue(after.size() >= 2 * RATE, "too little traffic after the window to show anything: " + after.size());
        assertEquals(List.of(), after.stream().filter(r -> !r.answered()).toList(), "failures after the window");
        assertTrue(after.stream().allMatch(r -> r.backend().equals("backend-1") || r.backend().equals("backend-3")),
                "after the window only backend-1 and backend-3 answer");
    }

    @Test
    @Order(2)
    void aRestartedBackendRampsUpThroughSlowStartInTrafficAndInExplain() {
        Endpoint restarted = backends.http(2);
        int seconds = 14;
        NsProcess client = startClient(steady(seconds));
        SynCapture atFirst = syns.get(1);
        assertTrue(atFirst.awaitMoreThan(atFirst.arrivals().size(), Duration.ofSeconds(15)), "no traffic");
        backends.restart(2);
        // lb explain web, once, answering during slow start: started now and off the polling loop, since a CLI run
        // takes seconds to start (the admin call comes at its end, past the first health verdict)
        CompletableFuture<String> explainRun = CompletableFuture.supplyAsync(
                () -> lb.cli("explain", "web", "-c", config.toString()).orThrow().stdout());
        // the explain trace, polled: each change of backend-2's health factor, when it was seen, and its share
        List<double[]> seen = new ArrayList<>(); // {epoch millis, factor, share %}
        long deadline = System.nanoTime() + SLOW_START.plusSeconds(10).toNanos();
        while (seen.isEmpty() || seen.getLast()[1] < 1) {
            ExplainView web = explain("web");
            double f = factor(web, restarted, HTTP_PLUGIN).value();
            if (seen.isEmpty() || seen.getLast()[1] != f) {
                seen.add(new double[] {System.currentTimeMillis(), f, row(web, restarted).sharePercent()});
            }
            if (System.nanoTime() > deadline) {
                fail("backend-2 did not reach full weight; explain saw " + describe(seen) + "\n" + lb.logTail());
            }
            pause(Duration.ofMillis(100));
        }
        RequestsReport report = finish(client, seconds);
        long rampStart = Instant.parse(healthOf(HTTP_PLUGIN, "web", restarted).path("last-change").asText())
                .toEpochMilli();

        List<Double> factors = seen.stream().map(s -> s[1]).filter(f -> f > 0).toList();
        long step = SLOW_START.toMillis() / 3;
        StringBuilder table = new StringBuilder();
        List<String> misses = new ArrayList<>();
        double[] stepFactors = {0.25, 0.5, 0.75, 1};
        double[] shares = new double[stepFactors.length];
        for (int i = 0; i < stepFactors.length; i++) {
            // 300 ms for the health tick and the reconcile to reach the data plane after each step
            long from = rampStart + i * step + 300;
            long to = i < 3 ? rampStart + (i + 1) * step : Long.MAX_VALUE; // full weight: the rest of the run
            List<RequestRecord> in = report.log().stream()
                    .filter(r -> r.startedAtMillis() >= from && r.startedAtMillis() < to).toList();
            long answered = in.stream().filter(RequestRecord::answered).count();
            long atRestarted = in.stream().filter(r -> "backend-2".equals(r.backend())).count();
            double expected = stepFactors[i] / (stepFactors[i] + 2); // equal weights: f / (f + 1 + 1)
            shares[i] = answered == 0 ? 0 : (double) atRestarted / answered;
            // a share of n requests has standard deviation sqrt(p(1-p)/n): allow three of them; fewer than 120
            // requests (the client fell far behind its 150/s) would make the window too thin to show a ramp
            double tolerance = 3 * Math.sqrt(expected * (1 - expected) / Math.max(answered, 1));
            table.append(String.format(Locale.ROOT, "  factor %.2f: backend-2 %d of %d answered = %.1f%% (expected "
                    + "%.1f%% +- %.1f), %d failed%n", stepFactors[i], atRestarted, answered, 100 * shares[i],
                    100 * expected, 100 * tolerance, in.size() - answered));
            if (answered < 120 || Math.abs(shares[i] - expected) > tolerance) {
                misses.add("factor " + stepFactors[i]);
            }
        }
        System.out.printf(Locale.ROOT, "[health e2e] ramp: explain saw factors %s; slow start %d ms from %s%n%s",
                describe(seen), SLOW_START.toMillis(), Instant.ofEpochMilli(rampStart), table);

        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), factors, "explain's factors for backend-2: " + describe(seen));
        String explainText = explainRun.join();
        String cliRow = explainText.lines().filter(l -> l.strip().startsWith(restarted + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("lb explain web shows no " + restarted));
        assertTrue(cliRow.matches(".*x0\\.(25|5|75) slow start (25|50|75)%: healthy again .*"), explainText);
        long rampSeen = (long) (seen.getLast()[0] - seen.stream().filter(s -> s[1] == 0.25).findFirst()
                .orElseThrow()[0]);
        assertTrue(Math.abs(rampSeen - SLOW_START.toMillis()) < 1500, "25% to 100% took " + rampSeen + " ms");
        assertEquals(List.of(), misses, "shares of backend-2 per slow-start step:\n" + table);
        assertTrue(shares[0] < shares[3], table.toString());
        assertEquals(0, report.failed(), "no request fails while a backend comes back: " + report.failures());
    }

    @Test
    @Order(3)
    void aBackendAnswering503IsTakenOutByHealthHttpButKeptByHealthTcp() {
        Endpoint sick = backends.http(3);
        String url = "http://" + sick + "/health?set=sick";
        // the toggle answers with the new state: 503 "sick"
        assertEquals("sick", sandbox.backend(3).exec("curl", "-sS", "-m", "2", "-X", "POST", url).check().stdout()
                .strip());
        try {
            await("health-http takes the 503 backend out", Duration.ofSeconds(5),
                    () -> factor(explain("web"), sick, HTTP_PLUGIN).value() == 0);
            FactorView http = factor(explain("web"), sick, HTTP_PLUGIN);
            FactorView tcp = factor(explain("web-tcp"), sick, TCP_PLUGIN);
            JsonNode tcpHealth = healthOf(TCP_PLUGIN, "web-tcp", sick);
            RequestsReport viaHttp = burst(80, 300);
            RequestsReport viaTcp = burst(81, 300);
            String status = lb.cli("status", "-c", config.toString()).orThrow().stdout();
            System.out.printf(Locale.ROOT, "[health e2e] 503: web (http checks) %s -> %s; web-tcp (tcp checks) %s "
                    + "-> %s%n", http.reason(), viaHttp.perBackend(), tcpHealth.path("factor-reason").asText(),
                    viaTcp.perBackend());

            assertTrue(http.reason().matches("unhealthy: \\d+ consecutive failures: HTTP 503"), http.reason());
            assertEquals(1.0, tcp.value(), tcp.reason());
            assertEquals("pass", tcpHealth.path("last-result").asText(), tcpHealth.toString());
            assertEquals("connected", tcpHealth.path("reason").asText(), tcpHealth.toString());
            assertEquals(300, viaHttp.answered(), "web: " + viaHttp.failures());
            assertFalse(viaHttp.perBackend().containsKey("backend-3"), "web sent traffic to the sick backend");
            assertEquals(300, viaTcp.answered(), "web-tcp: " + viaTcp.failures());
            assertTrue(viaTcp.perBackend().getOrDefault("backend-3", 0) >= 60, "web-tcp keeps backend-3 in: "
                    + viaTcp.perBackend());
            // lb status: one row per target in each plugin's health section
            assertTrue(statusRow(status, HTTP_PLUGIN, "web", sick).matches(
                    ".*\\bhttp\\s+unhealthy\\s+0\\s+fail\\b.*unhealthy: \\d+ consecutive failures: HTTP 503"), status);
            assertTrue(statusRow(status, TCP_PLUGIN, "web-tcp", sick).matches(
                    ".*\\btcp\\s+healthy\\s+1\\s+pass\\b.*healthy \\(connected.*"), status);
        } finally {
            sandbox.backend(3).exec("curl", "-sS", "-m", "2", "-X", "POST", url.replace("sick", "ok")).run();
        }
        await("backend-3 healthy again", Duration.ofSeconds(5),
                () -> factor(explain("web"), sick, HTTP_PLUGIN).value() > 0);
    }

    @Test
    @Order(4)
    void httpsChecksPassWithoutVerificationOrWithTheCaFileAndFailAgainstTheSystemTrustStore() {
        Endpoint noVerify = tls(1);
        Endpoint systemTrust = tls(2);
        Endpoint caFile = tls(3);
        await("the https checks settle", Duration.ofSeconds(10), () -> {
            ExplainView v = explain("tls");
            return factor(v, noVerify, HTTP_PLUGIN).value() == 1 && factor(v, caFile, HTTP_PLUGIN).value() == 1
                    && healthOf(HTTP_PLUGIN, "tls", systemTrust).path("probes").asInt() >= 2;
        });
        ExplainView tls = explain("tls");
        System.out.printf(Locale.ROOT, "[health e2e] https: tls-verify=false -> %s; verification with the JDK "
                        + "trust store -> %s; ca-file -> %s%n",
                healthOf(HTTP_PLUGIN, "tls", noVerify).path("factor-reason").asText(),
                healthOf(HTTP_PLUGIN, "tls", systemTrust).path("factor-reason").asText(),
                healthOf(HTTP_PLUGIN, "tls", caFile).path("factor-reason").asText());

        FactorView refused = factor(tls, systemTrust, HTTP_PLUGIN);
        assertEquals(0, refused.value(), refused.reason());
        assertEquals("TLS: certificate not trusted", healthOf(HTTP_PLUGIN, "tls", systemTrust).path("reason").asText());
        for (Endpoint passing : List.of(noVerify, caFile)) {
            JsonNode h = healthOf(HTTP_PLUGIN, "tls", passing);
            assertEquals("HTTP 200", h.path("reason").asText(), h.toString());
            assertEquals("healthy", h.path("state").asText(), h.toString());
        }
    }

    @Test
    @Order(5)
    void withEveryBackendStoppedPanicKeepsTheTableSpreadOverAllThree() {
        for (int b = 1; b <= 3; b++) {
            backends.stop(b);
        }
        await("the web group panics", Duration.ofSeconds(6), () -> explain("web").groups().getFirst().panic());
        ExplainView web = explain("web");
        GroupView group = web.groups().getFirst();
        ServiceView.Group installed = services().stream().filter(s -> s.name().equals("web")).findFirst()
                .orElseThrow().groups().getFirst();
        String explainText = lb.cli("explain", "web", "-c", config.toString()).orThrow().stdout();

        long from = System.currentTimeMillis();
        RequestsReport r = burst(80, 300);
        pause(Duration.ofMillis(500)); // tcpdump's last lines
        long to = System.currentTimeMillis();
        Map<String, Long> synsPerBackend = new HashMap<>();
        for (int b = 1; b <= 3; b++) {
            synsPerBackend.put(DemoBackends.name(b), syns.get(b).count(from, to));
        }
        long totalSyns = synsPerBackend.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "[health e2e] panic: %s; table slots %s; %d requests, %d failed %s; client "
                        + "SYNs per backend %s%n", group.panicLine(),
                installed.targets().stream().map(t -> t.target() + "=" + t.slots()).toList(), r.sent(), r.failed(),
                r.failures(), synsPerBackend);

        assertTrue(group.panicLine().startsWith("PANIC: 0.0% of weight available"), group.panicLine());
        assertTrue(explainText.contains("PANIC"), explainText);
        for (TargetRowView t : group.targets()) {
            FactorView health = t.factors().stream().filter(f -> f.modifier().equals(HTTP_PLUGIN)).findFirst()
                    .orElseThrow();
            assertEquals(0, health.value(), health.reason());
            assertTrue(health.ignored(), "panic ignores " + t.target() + "'s health factor");
            assertEquals(t.base(), t.effective(), t.target() + " keeps its base weight");
        }
        assertTrue(installed.panic());
        assertEquals(3, installed.targets().size());
        assertEquals(group.tableSize(), installed.targets().stream().mapToInt(ServiceView.TargetWeight::slots).sum());
        for (ServiceView.TargetWeight t : installed.targets()) {
            assertTrue(Math.abs(t.slots() - group.tableSize() / 3.0) < group.tableSize() * 0.01, t.toString());
        }
        assertEquals(300, r.sent());
        assertEquals(300, r.failed(), "nothing listens anywhere: " + r.perBackend());
        // the JDK client tries a refused connect twice: count the SYNs the backends saw, not the requests
        assertTrue(totalSyns >= 300, "every request's SYN reaches some backend: " + synsPerBackend);
        synsPerBackend.forEach((b, n) -> assertTrue(n >= 0.2 * totalSyns && n <= 0.47 * totalSyns,
                b + " got " + n + " of " + totalSyns + " SYNs: " + synsPerBackend));
    }

    private String config() {
        String vip = sandbox.addresses().vip().getHostAddress();
        String listen = "interfaces = [\"" + sandbox.lbClientDevice(0) + "\"], address = \"" + vip
                + "\", protocol = tcp";
        String timing = "interval = " + INTERVAL.toSeconds() + "s, healthy-threshold = 1, unhealthy-threshold = "
                + UNHEALTHY_THRESHOLD + ", jitter = 0";
        String web = targets(HTTP_PORT, List.of("", "", ""));
        String tls = targets(TLS_PORT, List.of("health-check { tls-verify = false }", "",
                "health-check { ca-file = \"" + work.resolve("cert.pem") + "\" }"));
        return """
                lb {
                  instance = "lbe2e-hc"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  services = [
                    { name = web, listen { %s, port = 80 }
                      health-check { type = http, path = "/health", expected-codes = [200], timeout = 500ms,
                                     slow-start = %ds, %s }
                      targets = [ %s ] }
                    { name = web-tcp, listen { %s, port = 81 }
                      health-check { type = tcp, timeout = 500ms, slow-start = 0s, %s }
                      targets = [ %s ] }
                    { name = tls, listen { %s, port = 443 }
                      health-check { type = https, path = "/", timeout = 900ms, initial-state = unhealthy, %s }
                      targets = [ %s ] }
                  ]
                }
                """.formatted(DemoConfig.ADMIN_LISTEN,
                lab.bpffsDir(), listen, SLOW_START.toSeconds(), timing, web, listen, timing, web, listen, timing, tls);
    }

    private String targets(int port, List<String> extras) {
        List<String> out = new ArrayList<>();
        for (int b = 1; b <= 3; b++) {
            out.add("{ ip = \"" + sandbox.addresses().backendAddress(b).getHostAddress() + "\", port = " + port
                    + ", weight = 10" + (extras.get(b - 1).isEmpty() ? "" : ", " + extras.get(b - 1)) + " }");
        }
        return String.join(",\n                                ", out);
    }

    /** A self-signed certificate for the three backend addresses, made now, and one TLS server per backend. */
    private void startTlsServers() {
        Path cert = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        String san = "subjectAltName=" + String.join(",", sandbox.addresses().backendAddresses().stream()
                .map(a -> "IP:" + a.getHostAddress()).toList());
        sandbox.lb().exec("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=" + PREFIX
                        + "backend", "-addext", san).check();
        for (int b = 1; b <= 3; b++) {
            NsProcess server = sandbox.start(sandbox.backend(b), "tls-" + b, List.of("openssl", "s_server",
                    "-accept", Integer.toString(TLS_PORT), "-cert", cert.toString(), "-key", key.toString(), "-www",
                    "-quiet"));
            sandbox.backend(b).awaitTcp(sandbox.addresses().backendAddress(b), TLS_PORT, Duration.ofSeconds(10),
                    Optional.of(server));
        }
    }

    private ClientPlan steady(int seconds) {
        Endpoint vip = new Endpoint(sandbox.addresses().vip(), 80);
        return new ClientPlan(vip, RATE * seconds, 8, 0, 1, 0, Duration.ofSeconds(seconds + 30), RATE, true);
    }

    private NsProcess startClient(ClientPlan plan) {
        return lab.startClient(0, "client-" + ++clients, plan);
    }

    private static RequestsReport finish(NsProcess client, int seconds) {
        int exit = client.awaitExit(Duration.ofSeconds(seconds + 40));
        assertEquals(0, exit, client.stderrTail(20));
        return ClientOutput.parse(client.stdout()).requests().orElseThrow();
    }

    private RequestsReport burst(int port, int requests) {
        return lab.requests(ClientPlan.requests(new Endpoint(sandbox.addresses().vip(), port), requests));
    }

    private InetAddress client() {
        return sandbox.addresses().clientAddress(0);
    }

    private Endpoint tls(int backend) {
        return new Endpoint(sandbox.addresses().backendAddress(backend), TLS_PORT);
    }

    private ExplainView explain(String service) {
        return read("/api/v1/services/" + service + "/explain", ExplainView.class);
    }

    private List<ServiceView> services() {
        return List.of(read("/api/v1/services", ServiceView[].class));
    }

    private <T> T read(String path, Class<T> type) {
        String body = lab.admin(path);
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " answered something else: " + body, e);
        }
    }

    private static TargetRowView row(ExplainView view, Endpoint target) {
        return view.groups().getFirst().targets().stream().filter(t -> t.target().equals(target.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(target + " not in " + view));
    }

    private static FactorView factor(ExplainView view, Endpoint target, String modifier) {
        return row(view, target).factors().stream().filter(f -> f.modifier().equals(modifier)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + modifier + " factor for " + target + " in " + view));
    }

    /** @return one target's entry in the health section of the plugin that checks it, from the admin API */
    private JsonNode healthOf(String plugin, String service, Endpoint target) {
        JsonNode sections = read("/api/v1/status", JsonNode.class).path("sections");
        for (JsonNode section : sections) {
            if (section.path("checked-by").asText().equals(plugin)) {
                for (JsonNode t : section.path("services").path(service).path("targets")) {
                    if (t.path("target").asText().equals(target.toString())) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError(plugin + " reports no health of " + service + " " + target + ": " + sections);
    }

    /** @return the line of {@code lb status} for a target in a plugin's health section, under a service */
    private static String statusRow(String status, String plugin, String service, Endpoint target) {
        boolean inSection = false;
        boolean inService = false;
        for (String line : status.lines().toList()) {
            if (!line.startsWith(" ")) {
                inSection = line.startsWith("health") && line.contains(plugin);
                inService = false;
            } else if (inSection && line.startsWith("  service ")) {
                inService = line.equals("  service " + service);
            } else if (inService && line.strip().startsWith(target + " ")) {
                return line;
            }
        }
        throw new AssertionError("lb status shows no " + plugin + " row for " + service + " " + target + ":\n"
                + status);
    }

    private static Map<String, Long> failureReasons(List<RequestRecord> records) {
        Map<String, Long> out = new HashMap<>();
        records.stream().filter(r -> !r.answered()).forEach(r -> out.merge(r.failure(), 1L, Long::sum));
        return out;
    }

    private static String describe(List<double[]> seen) {
        long t0 = seen.isEmpty() ? 0 : (long) seen.getFirst()[0];
        return seen.stream().map(s -> String.format(Locale.ROOT, "%.2f (share %.1f%%) at +%d ms", s[1], s[2],
                (long) s[0] - t0)).toList().toString();
    }

    // Await's wait, with what the load balancer logged meanwhile when it fails
    private void await(String what, Duration limit, BooleanSupplier condition) {
        try {
            Await.until(what, condition, limit, Duration.ofMillis(100));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; load balancer log tail:\n" + lb.logTail(), e);
        }
    }
}
