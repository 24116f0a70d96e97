package org.ebpflb.e2e;

import static org.ebpflb.lab.sandbox.Netns.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The metrics plugin and the status page end to end: the distribution's {@code bin/lb run} with every shipped plugin,
 * three real HTTP backends with http health checks, and in the load balancer's namespace a real Prometheus server
 * (Debian's prometheus) scraping the endpoint and a headless Chromium (Debian's chromium, {@link HeadlessChromium})
 * watching the status page while traffic flows. Screenshots of the page (wide, phone width, after a backend was killed)
 * stay under {@code target/status-page/}.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsNetnsTest {
    private static final String PREFIX = "lbmx-";
    private static final int BLOCK = 51;
    private static final String METRICS = "127.0.0.1:9090";
    private static final String PROMETHEUS = "127.0.0.1:9091";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int UNHEALTHY_THRESHOLD = 2;
    /** The health bound: interval x unhealthy-threshold + 1 s after the kill. */
    private static final Duration KILL_BOUND = INTERVAL.multipliedBy(UNHEALTHY_THRESHOLD).plusSeconds(1);
    private static final Map<Integer, Integer> WEIGHTS = Map.of(1, 3, 2, 2, 3, 1);
    /** Service {@code limited}: backend 1, at most 1 new connection per second per client after a burst of 2. */
    private static final int LIMITED_PORT = 81;
    /** Service {@code flaky}: backend 1, and backend 2 on a port nothing listens on (its SYNs get RST). */
    private static final int FLAKY_PORT = 82;
    private static final int CLOSED_PORT = 8081;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ARTIFACTS = Path.of("target", "status-page");

    // closing stops every process the sandbox started (Prometheus too)
    @AutoClose
    private DataPlaneLab lab;
    private Sandbox sandbox;
    private Netns lbNs;
    private NsProcess prometheus;

    @BeforeAll
    void start() {
        Path dist = DataPlaneLab.distribution();
        assertTrue(Files.isDirectory(dist.resolve("plugins/metrics")), "the metrics plugin is not in " + dist);
        lab = DataPlaneLab.create(MetricsNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                OptionalInt.empty());
        sandbox = lab.sandbox();
        lbNs = sandbox.lb();
        lab.start(config(Optional.empty()));
        awaitValue("the metrics endpoint answers", Duration.ofSeconds(20), () -> scrape().contains("lb_up 1.0"));
    }

    @Test
    @Order(1)
    void aRealScrapePassesPromtoolAndPrometheusSeesEveryNewConnectionPerTarget() throws Exception {
        String scrape = scrape();
        CommandResult promtool = promtool(scrape);
        assertEquals(0, promtool.exitCode(), "promtool check metrics: " + promtool.stdout() + promtool.stderr()
                + "\n" + scrape);
        assertEquals("", (promtool.stdout() + promtool.stderr()).strip(), "promtool found problems");
        for (String plugin : List.of("health-http", "health-tcp", "dns", "metrics")) {
            assertTrue(scrape.contains("lb_plugin_errors_total{plugin=\"" + plugin + "\",} "), plugin + " runs: "
                    + scrape);
        }

        startPrometheus();
        Map<String, Double> before = awaitPrometheusMatchesScrape();
        RequestsReport report = lab.requests(ClientPlan.requests(lab.web(), 90));
        assertEquals(90, report.answered(), "every request answered: " + report.failures());
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int b = 1; b <= 3; b++) {
            String target = lab.backends().http(b).toString();
            expected.put(target, before.get(target) + report.perBackend().getOrDefault(DemoBackends.name(b), 0));
        }
        Map<String, Double> after = awaitValue("Prometheus shows the 90 new connections", Duration.ofSeconds(20),
                () -> {
                    Map<String, Double> now = connectionsInPrometheus();
                    return now.equals(expected) ? now : null;
                });
        lab.say("lb_connections_total in Prometheus before " + before + ", after " + after + ", answered per backend "
                + report.perBackend());
        assertEquals(expected, after);
    }

    @Test
    @Order(2)
    void theStatusPageShowsTargetsWeightsAndHealthAndABackendKilledUnderTraffic() throws Exception {
        Files.createDirectories(ARTIFACTS);
        NsProcess client = lab.startClient(0, "steady-client", ClientPlan.requests(lab.web(), 1200).steady(40,
                Duration.ofSeconds(30)));
        Path profile = Files.createTempDirectory(sandbox.workDir(), "chromium-");
        String url = "http://" + DemoConfig.ADMIN_LISTEN + "/";
        try (HeadlessChromium page = HeadlessChromium.open(lbNs, profile, sandbox.workDir().resolve("chromium.log"),
                url, 1400, 900)) {
            awaitValue("the page reads the admin API", Duration.ofSeconds(30),
                    () -> page.evaluate("document.getElementById('state').dataset.state").asText().equals("live"));
            pause(Duration.ofSeconds(3)); // a few seconds of traffic in the page's series
            int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
            for (int b = 1; b <= 3; b++) {
                JsonNode row = row(page, lab.backends().http(b));
                assertEquals("healthy", row.path("health").asText(), "backend-" + b + ": " + row);
                assertEquals(String.valueOf(WEIGHTS.get(b)), row.path("base").asText(), "base weight: " + row);
                assertEquals(String.valueOf(WEIGHTS.get(b)), row.path("effective").asText(), "effective: " + row);
                assertEquals(String.format(Locale.ROOT, "%.1f%%", 100.0 * WEIGHTS.get(b) / total),
                        row.path("share").asText(), "share: " + row);
                assertTrue(row.path("factors").asText().contains("health-http: healthy"), "health factor: " + row);
                assertTrue(row.path("points").asInt() >= 3, "a series of several seconds: " + row);
            }
            assertTrue(row(page, lab.backends().http(1)).path("throughput").asText().matches("[1-9].* B/s|.*[kM]B/s"),
                    "backend-1 carries traffic: " + row(page, lab.backends().http(1)));
            assertTrue(page.evaluate("!!document.querySelector('tr[data-plugin=\"metrics\"]')").asBoolean());
            assertTrue(page.evaluate("!!document.querySelector('tr[data-reason=\"no-service\"]')").asBoolean());
            assertEquals(0, page.evaluate("[...document.querySelectorAll('button')].filter(b => b.offsetParent)"
                    + ".length").asInt(), "no token configured: no buttons shown");
            page.screenshot(ARTIFACTS.resolve("wide.png"));

            page.resize(390, 844);
            pause(Duration.ofMillis(1500));
            assertEquals("none", page.evaluate("getComputedStyle(document.querySelector('table.targets thead'))"
                    + ".display").asText(), "phone width: targets as cards");
            assertTrue(page.evaluate("document.documentElement.scrollWidth <= 390").asBoolean(),
                    "phone width: nothing wider than the screen");
            page.screenshot(ARTIFACTS.resolve("narrow.png"));
            page.resize(1400, 900);

            backends().stop(2);
            long killedAt = System.nanoTime();
            Duration shownBound = KILL_BOUND.plusSeconds(1); // the page polls once a second
            awaitValue("backend-2 shown unhealthy", shownBound.plusSeconds(10), () -> row(page,
                    lab.backends().http(2)).path("health").asText().equals("unhealthy"));
            long shownMs = (System.nanoTime() - killedAt) / 1_000_000;
            JsonNode killed = row(page, lab.backends().http(2));
            lab.say("backend-2 killed; the page showed it unhealthy after " + shownMs + " ms (bound "
                    + shownBound.toMillis() + " ms): " + killed);
            assertTrue(shownMs <= shownBound.toMillis(), "shown unhealthy after " + shownMs + " ms");
            assertEquals("0", killed.path("effective").asText());
            assertEquals("healthy", row(page, lab.backends().http(1)).path("health").asText());
            page.screenshot(ARTIFACTS.resolve("after-kill.png"));
            Files.writeString(ARTIFACTS.resolve("after-kill.html"),
                    page.evaluate("document.documentElement.outerHTML").asText());
            assertEquals(List.of(), page.console(), "console messages of the status page");
        } finally {
            client.stop(Duration.ofSeconds(5));
        }
    }

    /** @return what the page shows in a target's row */
    private static JsonNode row(HeadlessChromium page, Endpoint target) {
        JsonNode row = page.evaluate("""
                (() => {
                  const r = document.querySelector('tr[data-target="%s"]');
                  if (!r) return null;
                  const text = c => r.querySelector(c).textContent;
                  return {health: r.dataset.health, base: text('.base'), effective: text('.effective'),
                          share: text('.share'), factors: text('.factors'), throughput: text('.throughput'),
                          points: r.querySelector('polyline').getAttribute('points').split(' ').length};
                })()""".formatted(target));
        assertTrue(row.isObject(), "no row for " + target + " on the page");
        return row;
    }

    @Test
    @Order(3)
    void rateLimitDropsAndCircuitErrorRatesAreServedAsTheDataPlaneAndTheBreakerCountThem() {
        // a burst of 8 new connections from one client address into a bucket of 2 refilled at 1/s
        RequestsReport burst = lab.requests(new ClientPlan(new Endpoint(sandbox.addresses().vip(), LIMITED_PORT), 8,
                8, 0, 1, 0, Duration.ofSeconds(6)));
        long dropped = read("/api/v1/rate-limits").path("services").path("limited").path("dropped").path("source")
                .asLong();
        lab.say("rate limit: " + burst.answered() + " of 8 answered, " + burst.failed() + " failed "
                + burst.failures() + "; the data plane dropped " + dropped + " SYNs for scope source");
        assertEquals(8, burst.answered() + burst.failed());
        assertTrue(dropped >= Math.max(1, burst.failed()), "every failed connection lost at least one SYN to the "
                + "limit, and a burst of 8 into a bucket of 2 loses some: " + dropped);
        String limited = "lb_rate_limited_total{service=\"limited\",scope=\"source\",}";
        assertEquals((double) dropped, sample(scrape(), limited), "the scrape shows the data plane's own counter");
        assertEquals(0.0, sample(scrape(), "lb_rate_limited_total{service=\"limited\",scope=\"backend\",}"));
        assertTrue(!scrape().contains("lb_rate_limited_total{service=\"web\""), "web has no limits");

        // requests to flaky: those that met the closed port failed with a reset, the others were answered
        Endpoint closed = new Endpoint(sandbox.addresses().backendAddress(2), CLOSED_PORT);
        RequestsReport flaky = lab.requests(ClientPlan.requests(new Endpoint(sandbox.addresses().vip(), FLAKY_PORT),
                40));
        assertTrue(flaky.failed() > 0 && flaky.answered() > 0, "both targets get requests: " + flaky.failures());
        // the client's HTTP stack retries a refused connect once, so the breaker may count more resets than failures
        JsonNode row = awaitValue("the breaker's window holds every failure the client saw", Duration.ofSeconds(10),
                () -> {
                    JsonNode r = circuitRow("flaky", closed);
                    return r.path("failures").asInt() >= flaky.failed() ? r : null;
                });
        String series = "lb_circuit_breaker_error_rate{service=\"flaky\",target=\"%s\",}";
        double closedRate = sample(scrape(), series.formatted(closed));
        double openRate = sample(scrape(), series.formatted(lab.backends().http(1)));
        lab.say("circuit: the client saw " + flaky.failed() + " of 40 fail; the breaker's row " + row
                + "; lb_circuit_breaker_error_rate " + closedRate + " (closed port), " + openRate + " (backend-1)");
        assertEquals(row.path("error-rate-pct").asDouble() / 100, closedRate, 1e-9, "the breaker's own rate");
        assertEquals(1.0, closedRate, "every connection to the closed port was reset");
        assertEquals(0.0, openRate, "backend-1 answered every connection");
    }

    private JsonNode circuitRow(String service, Endpoint target) {
        for (JsonNode c : read("/api/v1/status").path("sections").path("circuits").path(service)) {
            if (c.path("target").asText().equals(target.toString())) {
                return c;
            }
        }
        throw new AssertionError("no circuit of " + service + " " + target);
    }

    /** @return the value of one series line of a scrape */
    private static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + scrape));
    }

    private JsonNode read(String path) {
        try {
            return JSON.readTree(lab.admin(path));
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
        }
    }

    @Test
    @Order(4)
    void everyMetricOfTheDashboardIsServed() throws IOException {
        // the circuit and drain series exist once their plugins report something: force a circuit and drain a target
        String target = lab.backends().http(3).toString();
        for (List<String> command : List.of(List.of("circuit", "web", target, "open"),
                List.of("circuit", "web", target, "reset"), List.of("drain", "web", target, "--timeout", "1s"),
                List.of("undrain", "web", target))) {
            List<String> argv = new ArrayList<>(command);
            argv.addAll(List.of("-c", lab.configFile().toString()));
            CommandResult done = lab.lb().cli(argv.toArray(String[]::new));
            assertEquals(0, done.exitCode(), "lb " + command + ": " + done.stdout() + done.stderr());
        }
        awaitValue("circuit and drain series", Duration.ofSeconds(10), () -> {
            String s = scrape();
            return s.contains("lb_circuit_breaker_state{") && s.contains("lb_drain_events_total{") ? s : null;
        });
        String scrape = scrape();
        assertTrue(scrape.contains("lb_backend_health{service=\"web\",target=\"" + lab.backends().http(2)
                + "\",} 0.0"), "the killed backend's health: " + scrape);
        Set<String> served = new TreeSet<>();
        scrape.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> served.add(l.split(" ")[2]));
        JsonNode dashboard = JSON.readTree(DataPlaneLab.distribution().resolve("dashboards/ebpf-lb.json").toFile());
        List<String> missing = new ArrayList<>();
        Matcher m = Pattern.compile("\\blb_[a-z_]+").matcher(expressions(dashboard));
        while (m.find()) {
            String name = m.group().replaceFirst("_(bucket|sum|count)$", "");
            if (!served.contains(name)) {
                missing.add(m.group());
            }
        }
        assertEquals(List.of(), missing, "dashboard metrics the endpoint does not serve; it serves " + served);
    }

    /**
     * The page's buttons, clicked in the browser against an instance restarted with an admin token: a wrong token is
     * refused with its reason on the page and changes nothing; the right one drains, undrains, resets a circuit and
     * reloads.
     */
    @Test
    @Order(5)
    void withATokenThePageButtonsDrainUndrainResetACircuitAndReloadAndAWrongTokenChangesNothing() throws Exception {
        Path token = sandbox.workDir().resolve("admin-token");
        Files.writeString(token, "status-page-e2e-token-0123456789\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        NsProcess running = lab.lb().process();
        running.signal("TERM");
        running.awaitExit(Duration.ofSeconds(20));
        lab.start(config(Optional.of(token)));
        Endpoint target = lab.backends().http(3);
        Path profile = Files.createTempDirectory(sandbox.workDir(), "chromium-token-");
        String url = "http://" + DemoConfig.ADMIN_LISTEN + "/";
        try (HeadlessChromium page = HeadlessChromium.open(lbNs, profile,
                sandbox.workDir().resolve("chromium-token.log"), url, 1400, 900)) {
            awaitValue("the page shows target 3 with its buttons", Duration.ofSeconds(30),
                    () -> page.evaluate(button(target, "Drain") + " !== undefined").asBoolean());
            assertTrue(page.evaluate("document.getElementById('reload').checkVisibility()").asBoolean(),
                    "a token is configured: the reload button shows");
            // a circuit to reset only where the service has a circuit-breaker block (the API refuses the others)
            Endpoint shared = new Endpoint(sandbox.addresses().backendAddress(1), DemoBackends.HTTP_PORT);
            assertEquals("Drain,Undrain", buttons(page, "limited", shared), "limited has no circuit-breaker block");
            assertEquals("Drain,Undrain,Reset circuit", buttons(page, "flaky", shared));

            page.evaluate("document.getElementById('token').value = 'not-the-token'");
            String refused = click(page, target, "Drain");
            assertTrue(refused.contains("needs 'Authorization: Bearer <token>'"), "the refusal's reason: " + refused);
            assertTrue(page.evaluate("document.getElementById('action-result').checkVisibility()").asBoolean(),
                    "the reason is visible");
            assertEquals(0, read("/api/v1/drains").path("drains").size(), "a refused click drains nothing");

            page.evaluate("document.getElementById('token').value = 'status-page-e2e-token-0123456789'");
            assertTrue(click(page, target, "Drain").endsWith(": done"));
            JsonNode drains = read("/api/v1/drains").path("drains");
            assertEquals(1, drains.size(), drains.toString());
            assertEquals(List.of("web", target.toString()), List.of(drains.get(0).path("service").asText(),
                    drains.get(0).path("target").asText()));
            assertTrue(click(page, target, "Undrain").endsWith(": done"));
            assertEquals(0, read("/api/v1/drains").path("drains").size(), "undrained");

            CommandResult open = lab.lb().cli("circuit", "web", target.toString(), "open", "-c",
                    lab.configFile().toString());
            assertEquals(0, open.exitCode(), open.stdout() + open.stderr());
            assertTrue(circuitRow("web", target).path("forced").asBoolean(), "forced open by lb circuit");
            assertTrue(click(page, target, "Reset circuit").endsWith(": done"));
            JsonNode reset = circuitRow("web", target);
            assertEquals(List.of("closed", "false"), List.of(reset.path("state").asText(),
                    reset.path("forced").asText()), "the breaker has the circuit back: " + reset);

            String reloads = "lb_config_reloads_total{result=\"success\",}";
            double before = sample(scrape(), reloads);
            page.evaluate("document.getElementById('action-result').textContent = ''");
            page.evaluate("document.getElementById('reload').click()");
            String reloaded = awaitValue("the reload's answer", Duration.ofSeconds(20), () -> {
                String r = page.evaluate("document.getElementById('action-result').textContent").asText();
                return r.isEmpty() ? null : r;
            });
            assertTrue(reloaded.endsWith(": done"), reloaded);
            assertEquals(before + 1, sample(scrape(), reloads), "one reload applied");
            page.screenshot(ARTIFACTS.resolve("with-token.png"));
            assertEquals(List.of(), page.console().stream().filter(c -> !c.contains("401")).toList(),
                    "console messages other than the refused click's 401");
        }
    }

    /** @return JavaScript for a target row's button with the given text, or null */
    private static String button(Endpoint target, String text) {
        return "[...document.querySelectorAll('tr[data-target=\"%s\"] button')].find(b => b.textContent === '%s')"
                .formatted(target, text);
    }

    /** @return the button texts of a service's row for the target, comma-separated */
    private static String buttons(HeadlessChromium page, String service, Endpoint target) {
        return page.evaluate(("[...document.querySelectorAll('section[data-service=\"%s\"] tr[data-target=\"%s\"] "
                + "button')].map(b => b.textContent).join(',')").formatted(service, target)).asText();
    }

    /** Clicks a target row's button and waits for the page's answer line. @return that line */
    private static String click(HeadlessChromium page, Endpoint target, String text) {
        page.evaluate("document.getElementById('action-result').textContent = ''");
        assertTrue(page.evaluate("(() => { const b = " + button(target, text) + "; if (!b) return false; b.click(); "
                + "return true; })()").asBoolean(), "no " + text + " button for " + target);
        return awaitValue(text + "'s answer on the page", Duration.ofSeconds(20), () -> {
            String r = page.evaluate("document.getElementById('action-result').textContent").asText();
            return r.isEmpty() ? null : r;
        });
    }

    private static String expressions(JsonNode dashboard) {
        StringBuilder out = new StringBuilder();
        dashboard.findValues("expr").forEach(e -> out.append(e.asText()).append('\n'));
        dashboard.findValues("definition").forEach(e -> out.append(e.asText()).append('\n'));
        return out.toString();
    }

    private DemoBackends backends() {
        return lab.backends();
    }

    /** @param tokenFile the admin API's token file, if any */
    private String config(Optional<Path> tokenFile) {
        String vip = sandbox.addresses().vip().getHostAddress();
        String listen = "interfaces = [\"" + sandbox.lbClientDevice(0) + "\"], address = \"" + vip
                + "\", protocol = tcp";
        String backend1 = "{ ip = \"" + sandbox.addresses().backendAddress(1).getHostAddress() + "\", port = "
                + DemoBackends.HTTP_PORT + " }";
        String closed = "{ ip = \"" + sandbox.addresses().backendAddress(2).getHostAddress() + "\", port = "
                + CLOSED_PORT + " }";
        List<String> targets = new ArrayList<>();
        for (int b = 1; b <= 3; b++) {
            targets.add("{ ip = \"" + sandbox.addresses().backendAddress(b).getHostAddress() + "\", port = "
                    + DemoBackends.HTTP_PORT + ", weight = " + WEIGHTS.get(b) + " }");
        }
        return """
                lb {
                  instance = "lbmx"
                  admin { listen = "%s"%s }
                  dataplane { pin-root = "%s" }
                  plugins { metrics { listen = "%s" } }
                  services = [
                    { name = web, listen { %s, port = %d }
                      health-check { type = http, path = "/health", timeout = 500ms, interval = %ds,
                                     healthy-threshold = 1, unhealthy-threshold = %d, jitter = 0, slow-start = 0s }
                      circuit-breaker { }
                      targets = [ %s ] }
                    { name = limited, listen { %s, port = %d }, health-check { type = none }
                      rate-limit { per-source { rate = 1, burst = 2 } }
                      targets = [ %s ] }
                    { name = flaky, listen { %s, port = %d }, health-check { type = none }
                      circuit-breaker { window = 30s, min-requests = 1000 }   # never opens: both targets keep traffic
                      targets = [ %s, %s ] }
                  ]
                }
                """.formatted(DemoConfig.ADMIN_LISTEN,
                tokenFile.map(t -> ", token-file = \"" + t + "\"").orElse(""), lab.bpffsDir(), METRICS,
                listen, DataPlaneLab.WEB_PORT, INTERVAL.toSeconds(), UNHEALTHY_THRESHOLD, String.join(", ", targets),
                listen, LIMITED_PORT, backend1, listen, FLAKY_PORT, backend1, closed);
    }

    /** @return a scrape of the endpoint, fetched inside the load balancer's namespace */
    private String scrape() {
        return lbNs.exec("curl", "-s", "-m", "5", "http://" + METRICS + "/metrics").within(Duration.ofSeconds(10))
                .run().stdout();
    }

    private static CommandResult promtool(String scrape) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new CommandResult(List.of("promtool", "check", "metrics"), p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private void startPrometheus() throws IOException {
        Path dir = sandbox.workDir().resolve("prometheus");
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: { scrape_interval: 1s, scrape_timeout: 900ms }
                scrape_configs:
                  - job_name: lb
                    static_configs: [ { targets: [ "%s" ] } ]
                """.formatted(METRICS));
        prometheus = sandbox.start(lbNs, "prometheus", List.of("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + PROMETHEUS));
        awaitValue("Prometheus scrapes the endpoint", Duration.ofSeconds(30), () -> {
            JsonNode r = query("up{job=\"lb\"}");
            return r.size() == 1 && r.get(0).path("value").get(1).asText().equals("1") ? r : null;
        });
    }

    /** Waits until Prometheus's latest lb_connections_total per target equals the endpoint's own. */
    private Map<String, Double> awaitPrometheusMatchesScrape() {
        return awaitValue("Prometheus has the endpoint's current counters", Duration.ofSeconds(20), () -> {
            Map<String, Double> local = new LinkedHashMap<>();
            Pattern line = Pattern.compile("^lb_connections_total\\{service=\"web\",target=\"([^\"]+)\",} (\\S+)$");
            scrape().lines().map(line::matcher).filter(Matcher::matches)
                    .forEach(x -> local.put(x.group(1), Double.parseDouble(x.group(2))));
            Map<String, Double> remote = connectionsInPrometheus();
            return local.size() == 3 && local.equals(remote) ? remote : null;
        });
    }

    private Map<String, Double> connectionsInPrometheus() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode s : query("lb_connections_total{service=\"web\"}")) {
            out.put(s.path("metric").path("target").asText(), s.path("value").get(1).asDouble());
        }
        return out;
    }

    /** @return the result vector of an instant PromQL query through Prometheus's HTTP API */
    private JsonNode query(String promql) {
        CommandResult r = lbNs.exec("curl", "-s", "-m", "5", "--data-urlencode", "query=" + promql,
                "http://" + PROMETHEUS + "/api/v1/query").within(Duration.ofSeconds(10)).run();
        try {
            JsonNode body = JSON.readTree(r.stdout().isBlank() ? "{}" : r.stdout());
            return body.path("data").path("result");
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static <T> T awaitValue(String what, Duration limit, Supplier<T> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + limit.toSeconds() + "s");
            }
            pause(Duration.ofMillis(250));
        }
    }
}
