package org.ebpflb.e2e;

import static org.ebpflb.lab.sandbox.Netns.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.GroupView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.TargetRowView;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dns plugin end to end: a real dnsmasq inside the load balancer's namespace (on its loopback, so the load
 * balancer's queries never leave the namespace), the installed {@code bin/lb run} with XDP on the client-facing veth,
 * real backends and real clients in their own namespaces.
 *
 * <p>Service {@code web} (VIP:80) mixes a hostname target, {@code web.e2e.test} (weight 60, refreshed every second),
 * resolving to backends 1..3, with a static target, backend 4 (weight 20). Service {@code api} (VIP:81) has one
 * hostname target, {@code api.e2e.test}, refreshed only every 30 s, for forced re-resolution. One sandbox and one load
 * balancer serve every test; the tests run in order because each leaves the records as the next expects them.
 * Checksum offload is off on the LB's sending devices (the checksum-honest variant).
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsNetnsTest {
    private static final String PREFIX = "lbe2e-dns-";
    private static final int BLOCK = 20;
    private static final int DNS_PORT = 5300;
    private static final int DNS_TTL_SECONDS = 5;
    private static final String WEB = "web";
    private static final String WEB_HOST = "web.e2e.test";
    private static final int WEB_PORT = 80;
    private static final int DNS_WEIGHT = 60;
    private static final int STATIC_WEIGHT = 20;
    private static final Duration WEB_REFRESH = Duration.ofSeconds(1);
    private static final String API = "api";
    private static final String API_HOST = "api.e2e.test";
    private static final int API_PORT = 81;
    private static final Duration API_REFRESH = Duration.ofSeconds(30);
    /** Backends 1..3 are behind the names; backend 4 is the static target. */
    private static final List<Integer> DNS_BACKENDS = List.of(1, 2, 3);
    private static final int STATIC_BACKEND = 4;
    private static final int STREAMS = 8;
    private static final int STREAM_SECONDS = 20;
    private static final Duration POLL = Duration.ofMillis(50);

    @AutoClose
    private DataPlaneLab lab;
    private Sandbox sandbox;
    private NamespaceDnsmasq dns;
    private DemoLoadBalancer lb;

    @BeforeAll
    void startSandboxDnsAndLoadBalancer() throws IOException {
        lab = DataPlaneLab.create(DnsNetnsTest.class.getSimpleName(),
                new SandboxSpec(PREFIX, BLOCK, 4, 0, false), OptionalInt.empty());
        sandbox = lab.sandbox();
        // dnsmasq drops to user nobody, who must reach its hosts files under the work directory
        Files.setPosixFilePermissions(sandbox.workDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        dns = NamespaceDnsmasq.start(sandbox, sandbox.lb(), sandbox.workDir().resolve("dns"), DNS_PORT,
                DNS_TTL_SECONDS);
        dns.records(WEB_HOST, addresses(DNS_BACKENDS));
        dns.records(API_HOST, addresses(DNS_BACKENDS));
        lab.start(config());
        lb = lab.lb();
    }

    @Test
    @Order(1)
    void hostnameTargetBecomesOneTargetPerAddressWithEqualSharesAndTrafficReachesEach() {
        awaitService(WEB_PORT);
        List<TargetRowView> rows = defaultGroup(explain(WEB)).targets();

        Map<String, TargetRowView> byTarget = rows.stream().collect(Collectors.toMap(TargetRowView::target, r -> r));
        Set<String> expected = new TreeSet<>(endpoints(DNS_BACKENDS));
        expected.add(endpoint(STATIC_BACKEND));
        assertEquals(expected, byTarget.keySet(), () -> "explain " + WEB + ": " + rows);
        double perAddress = (double) DNS_WEIGHT / DNS_BACKENDS.size();
        for (String target : endpoints(DNS_BACKENDS)) {
            TargetRowView row = byTarget.get(target);
            assertEquals(WEB_HOST + ":" + DemoBackends.HTTP_PORT, row.spec(), row::toString);
            assertEquals(perAddress, row.base(), 1e-9, row::toString);
            assertEquals(byTarget.get(endpoints(DNS_BACKENDS).get(0)).sharePercent(), row.sharePercent(), 1e-9,
                    () -> "DNS-expanded targets must share equally: " + rows);
            assertTrue(row.slots() > 0, row::toString);
        }
        assertEquals(STATIC_WEIGHT, byTarget.get(endpoint(STATIC_BACKEND)).base(), 1e-9);
        double total = DNS_WEIGHT + STATIC_WEIGHT;
        assertEquals(100.0 * perAddress / total, byTarget.get(endpoint(1)).sharePercent(), 0.5, rows::toString);

        CommandResult cli = lb.cli("explain", WEB);
        assertTrue(cli.ok(), cli::toString);
        for (String target : endpoints(DNS_BACKENDS)) {
            String share = String.format(Locale.ROOT, "%.1f%%", byTarget.get(target).sharePercent());
            assertTrue(cli.stdout().lines().anyMatch(l -> l.contains(target + " <- " + WEB_HOST + ":"
                    + DemoBackends.HTTP_PORT) && l.contains(share)), () -> target + " " + share + "\n" + cli.stdout());
        }

        RequestsReport r = requests(WEB_PORT, 400);
        assertEquals(0, r.failed(), () -> "failures: " + r.failures());
        for (int b : List.of(1, 2, 3, STATIC_BACKEND)) {
            // each holds 25% of the table; 10% is far outside the spread of 400 five-tuple hashes
            int got = r.perBackend().getOrDefault(DemoBackends.name(b), 0);
            assertTrue(got >= r.answered() / 10, () -> DemoBackends.name(b) + " got " + got + ": " + r.perBackend());
        }
        report("traffic over web.e2e.test (3 addresses) + static backend-4: %s", new TreeMap<>(r.perBackend()));
    }

    @Test
    @Order(2)
    void lbStatusShowsEachNameWithAddressesLastResolutionTtlAndFailures() {
        CommandResult status = lb.cli("status");
        assertTrue(status.ok(), status::toString);
        JsonNode names = dnsState(DemoConfig.ADMIN_LISTEN);
        Instant printedBefore = Instant.now();
        for (String[] name : List.of(new String[] {WEB, WEB_HOST}, new String[] {API, API_HOST})) {
            Map<String, String> block = statusBlock(status.stdout(), name[0], name[1]);
            JsonNode state = names.path(name[0]).path(name[1]);
            List<String> addresses = new ArrayList<>();
            state.path("addresses").forEach(a -> addresses.add(a.asText()));
            assertEquals(new TreeSet<>(hosts(DNS_BACKENDS)), new TreeSet<>(addresses), state::toString);
            assertEquals(String.join(", ", addresses), block.get("addresses"), block::toString);
            assertEquals(dns.ttl().toSeconds() + "s", block.get("ttl"), block::toString);
            assertEquals("0", block.get("consecutiveFailures"), block::toString);
            Instant last = Instant.parse(block.get("lastResolution"));
            assertFalse(last.isAfter(printedBefore), block::toString);
        }
        // web is asked every second, so its last resolution is recent
        Instant webLast = Instant.parse(statusBlock(status.stdout(), WEB, WEB_HOST).get("lastResolution"));
        assertTrue(Duration.between(webLast, printedBefore).compareTo(WEB_REFRESH.plusSeconds(5)) < 0,
                () -> "web.e2e.test last resolved at " + webLast + "\n" + status.stdout());
        report("lb status, dns section:%n%s", section(status.stdout(), "dns:"));
    }

    @Test
    @Order(3)
    void removedAddressLeavesTheTableWithinRefreshPlusOneSecondWhileItsEstablishedStreamCompletes()
            throws IOException {
        ClientPlan plan = new ClientPlan(vipEndpoint(WEB_PORT), 0, 1, STREAMS, STREAM_SECONDS, 0,
                Duration.ofSeconds(STREAM_SECONDS + 40));
        NsProcess streams = lab.startClient(0, "streams", plan);
        Map<Integer, Integer> open = awaitEstablishedStreams(streams);
        int removed = DNS_BACKENDS.stream().filter(b -> open.get(b) > 0).findFirst().orElseThrow(
                () -> new AssertionError("none of the " + STREAMS + " streams landed on a DNS backend: " + open));
        List<Integer> kept = DNS_BACKENDS.stream().filter(b -> b != removed).toList();
        report("%d streams open per backend %s; removing %s (%s) from %s", STREAMS, open,
                DemoBackends.name(removed), host(removed), WEB_HOST);

        long writesBefore = reconcile().path("applies").asLong();
        long changedAt = dns.records(WEB_HOST, addresses(kept));
        Duration followed = awaitTable(DemoConfig.ADMIN_LISTEN, WEB, rows -> rows.stream().noneMatch(
                r -> r.target().equals(endpoint(removed))), changedAt, Duration.ofSeconds(10));
        report("tables followed the record change in %d ms (dns-refresh %ds, bound %d ms)",
                followed.toMillis(), WEB_REFRESH.toSeconds(), WEB_REFRESH.plusSeconds(1).toMillis());
        assertTrue(followed.compareTo(WEB_REFRESH.plusSeconds(1)) <= 0,
                "tables took " + followed.toMillis() + " ms to follow, more than dns-refresh + 1 s");
        JsonNode reconcile = reconcile();
        assertTrue(reconcile.path("applies").asLong() > writesBefore && reconcile.path("lastError").isNull(),
                () -> "the new table must have been written to the data plane: " + reconcile);
        Map<String, TargetRowView> now = defaultGroup(explain(WEB)).targets().stream()
                .collect(Collectors.toMap(TargetRowView::target, r -> r));
        Set<String> expected = new TreeSet<>(endpoints(kept));
        expected.add(endpoint(STATIC_BACKEND));
        assertEquals(expected, now.keySet(), now::toString);
        endpoints(kept).forEach(t -> assertEquals((double) DNS_WEIGHT / kept.size(), now.get(t).base(), 1e-9));
        assertTrue(streams.alive(), "the streams must still run after the table change, or nothing was tested");

        RequestsReport after = requests(WEB_PORT, 300);
        assertEquals(0, after.failed(), () -> "failures: " + after.failures());
        assertFalse(after.perBackend().containsKey(DemoBackends.name(removed)),
                () -> "new connections reached the removed address: " + after.perBackend());
        for (int b : Stream.concat(kept.stream(), Stream.of(STATIC_BACKEND)).toList()) {
            assertTrue(after.perBackend().getOrDefault(DemoBackends.name(b), 0) > 0, after.perBackend()::toString);
        }
        report("%d new connections after the change: %s", after.answered(), new TreeMap<>(after.perBackend()));

        int exit = streams.awaitExit(Duration.ofSeconds(STREAM_SECONDS + 40));
        assertEquals(0, exit, () -> streams.stderrTail(20));
        List<StreamReport> reports = ClientOutput.parse(streams.stdout()).streams();
        assertEquals(STREAMS, reports.size(), streams::stdout);
        reports.forEach(s -> assertTrue(s.byteExact() && s.error().isEmpty(), s::toString));
        List<StreamReport> onRemoved = reports.stream()
                .filter(s -> s.backend().equals(DemoBackends.name(removed))).toList();
        assertEquals(open.get(removed), onRemoved.size(), reports::toString);
        report("%d stream(s) to the removed %s completed byte-exact (%d bytes each); all %d streams byte-exact",
                onRemoved.size(), DemoBackends.name(removed), onRemoved.get(0).bytes(), reports.size());
        lab.checksumErrors().forEach((ns, errors) -> assertEquals(0, errors.total(), () -> ns + ": " + errors));

        long restored = dns.records(WEB_HOST, addresses(DNS_BACKENDS)); // as the later tests expect it
        awaitTable(DemoConfig.ADMIN_LISTEN, WEB, rows -> rows.size() == DNS_BACKENDS.size() + 1, restored,
                Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void forcedResolutionTakesEffectAtOnceWellBeforeTheNextRefresh() throws IOException {
        awaitService(API_PORT);
        int moved = 1;
        List<Integer> others = DNS_BACKENDS.stream().filter(b -> b != moved).toList();

        Duration removal = forceResolve(others, rows -> rows.stream().noneMatch(r -> r.target().equals(
                endpoint(moved))));
        Duration addedBack = forceResolve(DNS_BACKENDS, rows -> rows.stream().anyMatch(r -> r.target().equals(
                endpoint(moved))));
        report("forced re-resolution of %s (dns-refresh %ds): address removed -> table in %d ms, added back "
                + "-> table in %d ms", API_HOST, API_REFRESH.toSeconds(), removal.toMillis(), addedBack.toMillis());

        RequestsReport r = requests(API_PORT, 200);
        assertEquals(0, r.failed(), () -> "failures: " + r.failures());
        assertEquals(new TreeSet<>(DNS_BACKENDS.stream().map(DemoBackends::name).toList()),
                new TreeSet<>(r.perBackend().keySet()), r.perBackend()::toString);
        report("api after adding %s back: %s", DemoBackends.name(moved), new TreeMap<>(r.perBackend()));

        CommandResult unknown = adminPost(DemoConfig.ADMIN_LISTEN, "/api/v1/dns/" + API + "/nope.e2e.test/resolve");
        assertFalse(unknown.ok(), unknown::toString);
        assertTrue(unknown.stdout().contains("has no target with host 'nope.e2e.test'"), unknown::toString);
    }

    @Test
    @Order(5)
    void unresolvableNameFailsStartupWithAClearMessageAndStartEmptyStartsAndRecovers() throws IOException {
        String admin = "127.0.0.1:9301";
        String host = "late." + NamespaceDnsmasq.ZONE;
        // its own interface, instance and admin port: the running load balancer stays untouched
        sandbox.lb().ip("link", "add", "dnsx0", "type", "veth", "peer", "name", "dnsx1").check();
        sandbox.lb().ip("link", "set", "dnsx0", "up").check();
        sandbox.lb().ip("link", "set", "dnsx1", "up").check();
        String startup = """
                  services = [ {
                    name = "startup"
                    listen { interfaces = ["dnsx0"], port = 80, protocol = tcp }
                    targets = [ { host = "%s", port = %d, dns-refresh = 1s } ]
                  } ]
                """.formatted(host, DemoBackends.HTTP_PORT);
        Path failing = write("fail.conf", lbBlock("e2e-dns-startup", admin, List.of(dns.server()), "", startup));

        long t0 = System.nanoTime();
        CommandResult fail = sandbox.lb().exec(DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "run", "-c",
                failing.toString()).within(Duration.ofSeconds(90)).run();
        String said = fail.stdout() + fail.stderr();
        report("lb run with an unresolvable name exited %d after %d ms:%n%s", fail.exitCode(),
                (System.nanoTime() - t0) / 1_000_000, fail.stderr().lines()
                        .filter(l -> l.startsWith("lb run:") || l.startsWith("  ") || l.startsWith("Fix"))
                        .collect(Collectors.joining(System.lineSeparator())));
        assertEquals(2, fail.exitCode(), said);
        assertTrue(fail.stderr().contains("lb run: plugin dns refuses to run"), said);
        assertTrue(fail.stderr().contains("service 'startup', host '" + host + "'"), said);
        assertTrue(fail.stderr().contains("NXDOMAIN"), said);
        assertTrue(fail.stderr().contains(dns.server()), said);
        assertTrue(fail.stderr().contains("on-startup-failure = start-empty"), said);

        Path empty = write("start-empty.conf", lbBlock("e2e-dns-startup", admin, List.of(dns.server()),
                "on-startup-failure = start-empty", startup));
        NsProcess started = sandbox.start(sandbox.lb(), "lb-start-empty",
                List.of(DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "run", "-c", empty.toString()));
        try {
            awaitAdmin(admin, started);
            JsonNode state = dnsState(admin).path("startup").path(host);
            assertEquals(0, state.path("addresses").size(), state::toString);
            assertTrue(state.path("consecutiveFailures").asInt() >= 1, state::toString);
            assertTrue(state.path("lastError").asText().contains("NXDOMAIN"), state::toString);
            GroupView group = defaultGroup(explain(admin, "startup"));
            assertEquals(List.of(), group.targets(), group::toString);
            assertTrue(group.problems().stream().anyMatch(p -> p.contains(host) && p.contains("no address")),
                    group::toString);

            CommandResult status = sandbox.lb().exec(DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "status", "-c",
                    empty.toString()).within(Duration.ofSeconds(60)).run();
            assertTrue(status.ok(), status::toString);
            Map<String, String> block = statusBlock(status.stdout(), "startup", host);
            assertEquals("(none)", block.get("addresses"), block::toString);
            assertTrue(Integer.parseInt(block.get("consecutiveFailures")) >= 1, block::toString);
            assertTrue(block.get("lastError").contains("NXDOMAIN"), block::toString);
            report("started empty; lb status shows:%n%s", section(status.stdout(), "dns:"));

            long appeared = dns.records(host, addresses(List.of(1)));
            Duration recovered = awaitTable(admin, "startup", rows -> rows.stream().anyMatch(
                    r -> r.target().equals(endpoint(1))), appeared, Duration.ofSeconds(10));
            report("the name appeared in DNS; its address entered the table %d ms later (dns-refresh 1s)",
                    recovered.toMillis());
            assertTrue(recovered.compareTo(Duration.ofSeconds(2)) <= 0, recovered::toString);
        } finally {
            started.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(6)
    void validateNamesAServerWithoutARouteFromTheNamespaceWithFileAndLine() throws IOException {
        // a subnet of this test's block that the sandbox did not build: the LB namespace has no route to it
        InetAddress unrouted = new AddressPlan(BLOCK, 1, AddressPlan.MAX_EXTRA_CLIENTS)
                .clientAddress(AddressPlan.MAX_EXTRA_CLIENTS);
        String body = lbBlock("e2e-dns-validate", "127.0.0.1:9302", List.of(dns.server(),
                unrouted.getHostAddress()), "", """
                  services = [ {
                    name = "v"
                    listen { interfaces = ["%s"], port = 80 }
                    targets = [ { host = "%s", port = %d } ]
                  } ]
                """.formatted(sandbox.lbClientDevice(0), WEB_HOST, DemoBackends.HTTP_PORT));
        Path file = write("validate.conf", body);
        int line = lineOf(body, "\"" + unrouted.getHostAddress() + "\"");

        CommandResult r = sandbox.lb().exec(DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "validate", "-c",
                file.toString()).within(Duration.ofSeconds(60)).run();
        String said = r.stdout() + r.stderr();
        assertEquals(1, r.exitCode(), said);
        assertTrue(said.contains(file + ":" + line + ": DNS server " + unrouted.getHostAddress()
                + ":53 is unreachable from this host (Network is unreachable)"), said);
        assertEquals(1, said.lines().filter(l -> l.startsWith(file + ":")).count(), said);
        report("lb validate in the LB namespace: %s", said.strip());
    }

    // ---- forced re-resolution

    /**
     * Changes api.e2e.test's records, then forces a resolution at a moment when the 30 s refresh is not due for at
     * least 5 s, and measures until the table shows the change.
     */
    private Duration forceResolve(List<Integer> backends, Predicate<List<TargetRowView>> shows)
            throws IOException {
        Instant due = awaitRefreshNotDueWithin(Duration.ofSeconds(5));
        dns.records(API_HOST, addresses(backends)); // returns once dnsmasq serves the new records
        long start = System.nanoTime();
        CommandResult post = adminPost(DemoConfig.ADMIN_LISTEN, "/api/v1/dns/" + API + "/" + API_HOST + "/resolve");
        Duration postTook = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(post.ok(), post::toString);
        JsonNode body = json(post.stdout());
        List<String> answered = new ArrayList<>();
        body.path("addresses").forEach(a -> answered.add(a.asText()));
        assertEquals(new TreeSet<>(hosts(backends)), new TreeSet<>(answered), body::toString);
        Duration tableTook = awaitTable(DemoConfig.ADMIN_LISTEN, API, shows, start, Duration.ofSeconds(10));
        Instant seen = Instant.now();
        assertTrue(seen.isBefore(due), "the table changed at " + seen + ", not before the refresh due at " + due);
        Instant next = Instant.parse(body.path("nextRefresh").asText());
        Instant resolvedAt = Instant.parse(body.path("lastResolution").asText());
        assertEquals(API_REFRESH.toSeconds(), Duration.between(resolvedAt, next).toSeconds(), 1.0,
                () -> "the forced resolution reschedules the next refresh from now: " + body);
        report("POST %s/%s/resolve answered in %d ms with %s", API, API_HOST, postTook.toMillis(), answered);
        assertTrue(tableTook.compareTo(Duration.ofSeconds(3)) < 0, tableTook::toString);
        return tableTook;
    }

    /** @return when the next scheduled refresh of api.e2e.test is due, at least {@code margin} from now */
    private Instant awaitRefreshNotDueWithin(Duration margin) {
        long deadline = System.nanoTime() + API_REFRESH.plusSeconds(10).toNanos();
        while (true) {
            Instant due = Instant.parse(dnsState(DemoConfig.ADMIN_LISTEN).path(API).path(API_HOST)
                    .path("nextRefresh").asText());
            if (Instant.now().plus(margin).isBefore(due)) {
                return due;
            }
            assertTrue(System.nanoTime() < deadline, "the refresh of " + API_HOST + " stays due at " + due);
            pause(Duration.ofMillis(200));
        }
    }

    // ---- the load balancer's admin API

    private ExplainView explain(String service) {
        return explain(DemoConfig.ADMIN_LISTEN, service);
    }

    private ExplainView explain(String admin, String service) {
        String path = "/api/v1/services/" + service + "/explain";
        String body = adminGet(admin, path).orElseThrow(() -> new AssertionError("GET " + path + " failed"));
        try {
            return Json.mapper().readValue(body, ExplainView.class);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }

    private static GroupView defaultGroup(ExplainView explain) {
        return explain.groups().stream().filter(g -> g.source() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no default group: " + explain));
    }

    /**
     * Polls explain every {@link #POLL} until {@code done} holds for the default group.
     *
     * @param since {@link System#nanoTime()} of the change being waited for
     * @return how long after {@code since} the change was seen
     */
    private Duration awaitTable(String admin, String service, Predicate<List<TargetRowView>> done, long since,
                                Duration limit) {
        while (true) {
            List<TargetRowView> rows = defaultGroup(explain(admin, service)).targets();
            if (done.test(rows)) {
                return Duration.ofNanos(System.nanoTime() - since);
            }
            if (System.nanoTime() - since > limit.toNanos()) {
                throw new AssertionError("explain " + service + " did not change as expected within "
                        + limit.toSeconds() + "s: " + rows + "\ndnsmasq:\n" + dns.log());
            }
            pause(POLL);
        }
    }

    /** @return the reconciler's progress from {@code GET /api/v1/status}: rounds, data-plane writes, last error */
    private JsonNode reconcile() {
        return json(adminGet(DemoConfig.ADMIN_LISTEN, "/api/v1/status")
                .orElseThrow(() -> new AssertionError("GET /api/v1/status failed"))).path("reconcile");
    }

    private JsonNode dnsState(String admin) {
        return json(adminGet(admin, "/api/v1/dns").orElseThrow(() -> new AssertionError("GET /api/v1/dns failed")));
    }

    private Optional<String> adminGet(String admin, String path) {
        CommandResult r = sandbox.lb().exec("curl", "-sS", "-f", "-m", "5", "http://" + admin + path)
                .within(Duration.ofSeconds(15)).run();
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    private CommandResult adminPost(String admin, String path) {
        return sandbox.lb().exec("curl", "-sS", "-m", "10", "-X", "POST", "--fail-with-body",
                "http://" + admin + path).within(Duration.ofSeconds(20)).run();
    }

    private void awaitAdmin(String admin, NsProcess process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (adminGet(admin, "/api/v1/status").isEmpty()) {
            assertTrue(process.alive(), () -> "the load balancer exited:\n" + process.stderrTail(30));
            assertTrue(System.nanoTime() < deadline, () -> "no admin API at " + admin + ":\n"
                    + process.stderrTail(30));
            pause(Duration.ofMillis(300));
        }
    }

    // ---- traffic from the client namespace

    private void awaitService(int port) {
        lab.awaitHttp(sandbox.client(), vipEndpoint(port), Duration.ofSeconds(30));
    }

    private RequestsReport requests(int port, int count) {
        return lab.requests(ClientPlan.requests(vipEndpoint(port), count));
    }

    /** Waits until every stream is established at some backend; returns the count per backend. */
    private Map<Integer, Integer> awaitEstablishedStreams(NsProcess client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Map<Integer, Integer> open = new TreeMap<>();
            for (int b = 1; b <= sandbox.addresses().backends(); b++) {
                String ss = sandbox.backend(b).exec("ss", "-Htn", "state", "established",
                        "( sport = :" + DemoBackends.HTTP_PORT + " )").check().stdout();
                open.put(b, (int) ss.lines().filter(l -> !l.isBlank()).count());
            }
            if (open.values().stream().mapToInt(Integer::intValue).sum() == STREAMS) {
                return open;
            }
            assertTrue(client.alive(), () -> "the stream client exited early:\n" + client.stderrTail(20));
            assertTrue(System.nanoTime() < deadline, () -> "streams established per backend: " + open);
            pause(Duration.ofMillis(100));
        }
    }

    // ---- configuration

    private String config() {
        String services = """
                  services = [
                    {
                      name = "%s"
                      listen { interfaces = ["%s"], address = "%s", port = %d, protocol = tcp }
                      targets = [
                        { host = "%s", port = %d, weight = %d, dns-refresh = %ds }
                        { ip = "%s", port = %d, weight = %d }
                      ]
                    }
                    {
                      name = "%s"
                      listen { interfaces = ["%s"], address = "%s", port = %d, protocol = tcp }
                      targets = [ { host = "%s", port = %d, weight = 30, dns-refresh = %ds } ]
                    }
                  ]
                """.formatted(WEB, sandbox.lbClientDevice(0), vip(), WEB_PORT,
                WEB_HOST, DemoBackends.HTTP_PORT, DNS_WEIGHT, WEB_REFRESH.toSeconds(),
                host(STATIC_BACKEND), DemoBackends.HTTP_PORT, STATIC_WEIGHT,
                API, sandbox.lbClientDevice(0), vip(), API_PORT, API_HOST, DemoBackends.HTTP_PORT,
                API_REFRESH.toSeconds());
        return lbBlock("e2e-dns", DemoConfig.ADMIN_LISTEN, List.of(dns.server()), "", services);
    }

    /** The lb block: instance, admin, pin root, the dns plugin asking the namespace's dnsmasq, then the services. */
    private String lbBlock(String instance, String admin, List<String> servers, String dnsExtra, String services) {
        return """
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  plugins.dns {
                    servers = [%s]
                    # no jitter: each refresh comes exactly dns-refresh after the last, so "refresh + 1 s" is sharp
                    jitter = 0
                    %s
                  }
                %s}
                """.formatted(instance, admin, lab.bpffsDir(),
                servers.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")), dnsExtra, services);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(sandbox.workDir().resolve(name), text);
    }

    private static int lineOf(String text, String marker) {
        List<String> lines = text.lines().toList();
        return IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(marker)).findFirst()
                .orElseThrow() + 1;
    }

    // ---- addresses

    private String vip() {
        return sandbox.addresses().vip().getHostAddress();
    }

    private Endpoint vipEndpoint(int port) {
        return new Endpoint(sandbox.addresses().vip(), port);
    }

    private String host(int backend) {
        return sandbox.addresses().backendAddress(backend).getHostAddress();
    }

    private List<String> hosts(List<Integer> backends) {
        return backends.stream().map(this::host).toList();
    }

    private List<InetAddress> addresses(List<Integer> backends) {
        return backends.stream().map(sandbox.addresses()::backendAddress).toList();
    }

    private String endpoint(int backend) {
        return new Endpoint(sandbox.addresses().backendAddress(backend), DemoBackends.HTTP_PORT).toString();
    }

    private List<String> endpoints(List<Integer> backends) {
        return backends.stream().map(this::endpoint).toList();
    }

    // ---- lb status text

    /** @return the {@code key: value} lines under one name of the dns section of {@code lb status} */
    private static Map<String, String> statusBlock(String status, String service, String host) {
        List<String> lines = status.lines().toList();
        int at = indexAfter(lines, "    " + host + ":", indexAfter(lines, "  " + service + ":",
                indexAfter(lines, "dns:", 0, status), status), status);
        Map<String, String> block = new LinkedHashMap<>();
        for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("      "); i++) {
            String line = lines.get(i).strip();
            int colon = line.indexOf(": ");
            if (colon > 0) {
                block.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return block;
    }

    private static int indexAfter(List<String> lines, String line, int from, String all) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + line + "' in:\n" + all);
    }

    private static String section(String status, String title) {
        List<String> lines = status.lines().toList();
        int at = lines.indexOf(title);
        return at < 0 ? "(no " + title + ")" : String.join(System.lineSeparator(), lines.subList(at,
                IntStream.range(at + 1, lines.size()).filter(i -> lines.get(i).isEmpty()).findFirst()
                        .orElse(lines.size())));
    }

    // ---- plumbing

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static void report(String format, Object... args) {
        System.out.println("[dns-e2e] " + String.format(format, args));
    }
}
