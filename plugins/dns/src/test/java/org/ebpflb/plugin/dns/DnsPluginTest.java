package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.DnsFailed;
import org.ebpflb.api.event.DnsResolved;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.testkit.Await;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole plugin against a real dnsmasq on loopback, through the test kit's context. */
class DnsPluginTest {
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration PICKUP = REFRESH.plusSeconds(1);

    private Dnsmasq dns;
    private final List<TestPluginContext> contexts = new ArrayList<>();
    private final List<DnsPlugin> plugins = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        dns = Dnsmasq.start(30, "--txt-record=web.test,hello", "--host-record=dual.test,198.18.0.9,2001:db8:12::9",
                "--host-record=six.test,2001:db8:12:0:0:0:0:6");
        dns.records("web.test", "198.18.0.1", "198.18.0.2", "198.18.0.3");
    }

    @AfterEach
    void stopAll() throws Exception {
        plugins.forEach(DnsPlugin::stop);
        contexts.forEach(TestPluginContext::close);
        dns.close();
    }

    /** Settings fast enough for tests: short timeout, one attempt, the test's server. */
    private String settings(String more) {
        return "servers = [\"" + dns.server() + "\"]\ntimeout = 300ms\nattempts = 1\n" + more;
    }

    private static ServiceSpec web(String hostTargetExtras) {
        return TestConfigs.service("""
                name = web
                targets = [
                  { ip = "198.18.1.2", port = 8080, weight = 50 }
                  { host = "web.test", port = 8080, weight = 50 %s }
                ]
                """.formatted(hostTargetExtras));
    }

    private TestPluginContext start(String settings, ServiceSpec... services) throws Exception {
        TestPluginContext context = context(settings, services);
        DnsPlugin plugin = new DnsPlugin();
        plugins.add(plugin);
        plugin.start(context);
        return context;
    }

    private TestPluginContext context(String settings, ServiceSpec... services) {
        TestPluginContext context = new TestPluginContext(TestConfigs.settings(settings),
                new StaticServiceModel(List.of(services), List.of()), Clock.systemUTC());
        contexts.add(context);
        return context;
    }

    /** @return a service of one hostname target at port 443; a listen address (or "" for any) sets its family */
    private static ServiceSpec hostService(String name, String listenAddress, String host) {
        return TestConfigs.service("name = " + name + (listenAddress.isEmpty() ? "" : "\naddress = \"" + listenAddress
                + "\"") + "\ntargets = [ { host = \"" + host + "\", port = 443 } ]");
    }

    private static TargetSpec hostTarget(ServiceSpec service) {
        return service.targets().stream().filter(t -> t.host().isPresent()).findFirst().orElseThrow();
    }

    private static Set<String> expand(TestPluginContext context, ServiceSpec service, TargetSpec spec) {
        TargetSource source = context.sources.get(0);
        Set<String> out = new TreeSet<>();
        for (Endpoint e : source.expand(service, spec)) {
            out.add(e.toString());
        }
        return out;
    }

    private static Set<String> endpoints(int port, String... ips) {
        Set<String> out = new TreeSet<>();
        for (String ip : ips) {
            out.add(ip + ":" + port);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(TestPluginContext context, String service, String host) {
        var all = (Map<String, Map<String, Map<String, Object>>>) context.statuses.get(0).snapshot();
        return all.get(service).get(host);
    }

    private static AdminRoute route(TestPluginContext context, String method, String path) {
        return context.routes.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow();
    }

    private static AdminResponse resolveRoute(TestPluginContext context, String service, String host)
            throws Exception {
        return route(context, "POST", "/api/v1/dns/{service}/{host}/resolve").handler().handle(new AdminRequest(
                "POST", "/api/v1/dns/" + service + "/" + host + "/resolve", Map.of("service", service, "host", host),
                Map.of(), Map.of()));
    }

    private static int failed(TestPluginContext context) {
        return context.events().published(DnsFailed.class).size();
    }

    private static int failures(TestPluginContext context, String service, String host) {
        return (Integer) state(context, service, host).get("consecutiveFailures");
    }

    @Test
    void aNameWithThreeRecordsExpandsToThreeEndpoints() throws Exception {
        ServiceSpec web = web("");
        TestPluginContext context = start(settings(""), web);
        TargetSource source = context.sources.get(0);
        TargetSpec host = hostTarget(web);
        TargetSpec staticTarget = web.targets().get(0);
        assertTrue(source.accepts(host));
        assertFalse(source.accepts(staticTarget), "static targets stay with the runtime");
        assertEquals(endpoints(8080, "198.18.0.1", "198.18.0.2", "198.18.0.3"), expand(context, web, host));

        List<DnsResolved> resolved = context.events().published(DnsResolved.class);
        assertEquals(1, resolved.size());
        assertEquals("web", resolved.get(0).service());
        assertEquals("web.test", resolved.get(0).hostname());
        assertEquals(List.of(InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2"),
                InetAddress.getByName("198.18.0.3")), resolved.get(0).addresses());
        assertEquals(Duration.ofSeconds(30), resolved.get(0).ttl());
    }

    @Test
    void theSameAddressFromTwoNamesIsReturnedForEachSpec() throws Exception {
        dns.records("other.test", "198.18.0.2");
        ServiceSpec service = TestConfigs.service("""
                name = pair
                targets = [
                  { host = "web.test", port = 80 }
                  { host = "other.test", port = 80 }
                ]
                """);
        TestPluginContext context = start(settings(""), service);
        assertEquals(endpoints(80, "198.18.0.1", "198.18.0.2", "198.18.0.3"),
                expand(context, service, service.targets().get(0)));
        assertEquals(endpoints(80, "198.18.0.2"), expand(context, service, service.targets().get(1)));
    }

    @Test
    void aChangedRecordSetIsPickedUpWithinRefreshPlusOneSecond() throws Exception {
        ServiceSpec web = web(", dns-refresh = 1s");
        TestPluginContext context = start(settings(""), web);
        dns.records("web.test", "198.18.0.2", "198.18.0.4");
        Duration took = Await.until("the new records replace the old",
                () -> expand(context, web, hostTarget(web)).equals(endpoints(8080, "198.18.0.2", "198.18.0.4")),
                PICKUP);
        assertTrue(took.compareTo(PICKUP) <= 0, took.toString());
        Await.until("the change is published", () -> context.events().published(DnsResolved.class).size() == 2,
                Duration.ofSeconds(1));
        assertEquals(List.of(InetAddress.getByName("198.18.0.2"), InetAddress.getByName("198.18.0.4")),
                context.events().published(DnsResolved.class).get(1).addresses());
    }

    @Test
    void nxdomainKeepsTheLastKnownGoodAddresses() throws Exception {
        dns.records("gone.test", "198.18.0.7", "198.18.0.8");
        ServiceSpec service = TestConfigs.service("""
                name = api
                targets = [ { host = "gone.test", port = 443, dns-refresh = 1s } ]
                """);
        TargetSpec spec = service.targets().get(0);
        TestPluginContext context = start(settings(""), service);
        assertEquals(endpoints(443, "198.18.0.7", "198.18.0.8"), expand(context, service, spec));
        dns.records("gone.test");
        Await.until("two failures", () -> failed(context) >= 2, PICKUP.plus(REFRESH));
        assertEquals(endpoints(443, "198.18.0.7", "198.18.0.8"), expand(context, service, spec));
        List<DnsFailed> failed = context.events().published(DnsFailed.class);
        assertEquals(List.of("NXDOMAIN", "NXDOMAIN"), failed.stream().limit(2).map(DnsFailed::reason).toList());
        assertEquals(List.of(1, 2), failed.stream().limit(2).map(DnsFailed::consecutiveFailures).toList());
        assertEquals("NXDOMAIN from " + dns.server() + " (no such name)", state(context, "api", "gone.test")
                .get("lastError"));
        assertEquals(1, context.events().published(DnsResolved.class).size(), "failures change no address");
    }

    @Test
    void anEmptyAnswerKeepsTheLastKnownGoodAddresses() throws Exception {
        ServiceSpec web = web(", dns-refresh = 1s");
        TestPluginContext context = start(settings(""), web);
        Set<String> good = expand(context, web, hostTarget(web));
        dns.records("web.test"); // web.test keeps its TXT record, so the name exists without A records
        Await.until("a failure", () -> failed(context) >= 1, PICKUP);
        assertEquals(good, expand(context, web, hostTarget(web)));
        assertEquals("empty answer", context.events().published(DnsFailed.class).get(0).reason());
    }

    @Test
    void aFrozenServerTimesOutAndTheNameRecoversWhenItAnswersAgain() throws Exception {
        ServiceSpec web = web(", dns-refresh = 1s");
        TestPluginContext context = start(settings(""), web);
        Set<String> good = expand(context, web, hostTarget(web));
        dns.pause();
        Await.until("two timeouts", () -> failed(context) >= 2, PICKUP.plus(REFRESH));
        assertEquals(good, expand(context, web, hostTarget(web)));
        assertEquals("timeout", context.events().published(DnsFailed.class).get(0).reason());

        dns.resume();
        Await.until("recovery is published", () -> context.events().published(DnsResolved.class).size() == 2, PICKUP);
        assertEquals(0, failures(context, "web", "web.test"));
        List<DnsResolved> resolved = context.events().published(DnsResolved.class);
        assertEquals(2, resolved.size(), "a recovery is published even when the addresses did not change");
        assertEquals(resolved.get(0).addresses(), resolved.get(1).addresses());
        assertEquals(null, state(context, "web", "web.test").get("lastError"));
    }

    @Test
    void aStoppedServerKeepsTheLastKnownGoodAddresses() throws Exception {
        ServiceSpec web = web(", dns-refresh = 1s");
        TestPluginContext context = start(settings(""), web);
        Set<String> good = expand(context, web, hostTarget(web));
        dns.kill();
        Await.until("a failure", () -> failed(context) >= 1, PICKUP);
        assertEquals(good, expand(context, web, hostTarget(web)));
        assertEquals("port unreachable", context.events().published(DnsFailed.class).get(0).reason());
    }

    @Test
    void startupFailsNamingServiceHostServerAndReason() {
        ServiceSpec service = TestConfigs.service("""
                name = api
                targets = [ { host = "missing.test", port = 443 }, { host = "web.test", port = 443 } ]
                """);
        TestPluginContext context = context(settings(""), service);
        FatalStartException e = assertThrows(FatalStartException.class, () -> new DnsPlugin().start(context));
        assertTrue(e.getMessage().contains("service 'api', host 'missing.test': NXDOMAIN from " + dns.server()),
                e.getMessage());
        assertFalse(e.getMessage().contains("host 'web.test'"), "only failed names are listed: " + e.getMessage());
        assertTrue(e.getMessage().contains("on-startup-failure = start-empty"), e.getMessage());
        assertTrue(context.sources.isEmpty() && context.routes.isEmpty(), "nothing registered");
    }

    @Test
    void startEmptyStartsWithoutAddressesAndKeepsRetrying() throws Exception {
        ServiceSpec service = TestConfigs.service("""
                name = api
                targets = [ { host = "late.test", port = 443, dns-refresh = 1s } ]
                """);
        TestPluginContext context = start(settings("on-startup-failure = start-empty"), service);
        TargetSpec spec = service.targets().get(0);
        assertEquals(Set.of(), expand(context, service, spec));
        assertEquals(1, failures(context, "api", "late.test"));
        dns.records("late.test", "198.18.0.8");
        Await.until("the name resolves", () -> expand(context, service, spec)
                .equals(endpoints(443, "198.18.0.8")), PICKUP);
    }

    @Test
    void forcedResolutionThroughTheAdminRouteTakesEffectAtOnce() throws Exception {
        ServiceSpec web = web(", dns-refresh = 300s");
        TestPluginContext context = start(settings(""), web);
        dns.records("web.test", "198.18.0.5");
        AdminResponse response = resolveRoute(context, "web", "WEB.test.");
        assertEquals(200, response.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.body();
        assertEquals("web.test", body.get("host"));
        assertEquals(List.of("198.18.0.5"), body.get("addresses"));
        assertEquals(endpoints(8080, "198.18.0.5"), expand(context, web, hostTarget(web)));
        List<DnsResolved> resolved = context.events().published(DnsResolved.class);
        assertEquals(List.of(InetAddress.getByName("198.18.0.5")), resolved.get(resolved.size() - 1).addresses());
        Instant next = Instant.parse((String) body.get("nextRefresh"));
        Instant last = Instant.parse((String) body.get("lastResolution"));
        assertTrue(Duration.between(last, next).compareTo(Duration.ofSeconds(270)) >= 0,
                "the next refresh is rescheduled from the forced one: " + body);
    }

    @Test
    void unknownServiceOrHostIsA404WithAReason() throws Exception {
        TestPluginContext context = start(settings(""), web(""));
        AdminResponse noService = resolveRoute(context, "nope", "web.test");
        assertEquals(404, noService.status());
        assertEquals(Map.of("error", "no service 'nope'"), noService.body());
        AdminResponse noHost = resolveRoute(context, "web", "other.test");
        assertEquals(404, noHost.status());
        assertEquals(Map.of("error", "service 'web' has no target with host 'other.test'"), noHost.body());
    }

    @Test
    void theRecordTypeFollowsTheServicesFamily() throws Exception {
        ServiceSpec six = hostService("six", "2001:db8:12::10", "dual.test");
        ServiceSpec anyAddressSix = TestConfigs.service("""
                name = any6
                targets = [ { ip = "2001:db8:12:1::1", port = 443 }, { host = "six.test", port = 443 } ]
                """);
        ServiceSpec four = hostService("four", "", "dual.test");
        TestPluginContext context = start(settings(""), six, anyAddressSix, four);

        assertEquals(Set.of("[2001:db8:12::9]:443"), expand(context, six, six.targets().get(0)));
        assertEquals(Set.of("[2001:db8:12::6]:443"), expand(context, anyAddressSix, anyAddressSix.targets().get(1)));
        assertEquals(Set.of("198.18.0.9:443"), expand(context, four, four.targets().get(0)));
        assertEquals("AAAA", state(context, "six", "dual.test").get("type"));
        assertEquals(List.of("2001:db8:12::6"), state(context, "any6", "six.test").get("addresses"));
        assertEquals("A", state(context, "four", "dual.test").get("type"));
    }

    @Test
    void aNameWithoutRecordsOfTheServicesFamilyIsAnEmptyAnswer() {
        // NOERROR without records of the type (NODATA): an AAAA query for an IPv4-only name and the reverse
        ServiceSpec six = hostService("six", "2001:db8:12::10", "web.test");
        ServiceSpec four = hostService("four", "", "six.test");
        TestPluginContext context = context(settings(""), six, four);
        FatalStartException e = assertThrows(FatalStartException.class, () -> new DnsPlugin().start(context));
        assertTrue(e.getMessage().contains("service 'six', host 'web.test': empty answer from " + dns.server()
                + " (the name has no AAAA record)"), e.getMessage());
        assertTrue(e.getMessage().contains("service 'four', host 'six.test': empty answer from " + dns.server()
                + " (the name has no A record)"), e.getMessage());
    }

    @Test
    void aServiceThatChangesFamilyInAReloadAsksForTheOtherRecordType() throws Exception {
        ServiceSpec four = hostService("web", "", "dual.test");
        TestPluginContext context = start(settings(""), four);
        assertEquals(Set.of("198.18.0.9:443"), expand(context, four, four.targets().get(0)));

        ServiceSpec six = hostService("web", "2001:db8:12::10", "dual.test");
        context.setModel(new StaticServiceModel(List.of(six), List.of()));
        assertEquals(Set.of(), expand(context, six, six.targets().get(0)), "never an IPv4 address for IPv6");
        context.events().publish(new ConfigReloaded(Instant.now(), "lb.conf", List.of("web")));
        Await.until("dual.test resolves as AAAA",
                () -> expand(context, six, six.targets().get(0)).equals(Set.of("[2001:db8:12::9]:443")),
                Duration.ofSeconds(2));
    }

    @Test
    void listAndStatusShowPerServicePerNameState() throws Exception {
        TestPluginContext context = start(settings(""), web(", dns-refresh = 5s"));
        AdminResponse list = route(context, "GET", "/api/v1/dns").handler().handle(new AdminRequest("GET",
                "/api/v1/dns", Map.of(), Map.of(), Map.of()));
        assertEquals(200, list.status());
        assertEquals("dns", context.statuses.get(0).section());
        assertEquals(context.statuses.get(0).snapshot(), list.body());
        Map<String, Object> s = state(context, "web", "web.test");
        assertEquals(List.of("198.18.0.1", "198.18.0.2", "198.18.0.3"), s.get("addresses"));
        assertEquals("30s", s.get("ttl"));
        assertEquals(dns.server(), s.get("server"));
        assertEquals("5s", s.get("refresh"));
        assertEquals(0, s.get("consecutiveFailures"));
        Duration untilNext = Duration.between(Instant.parse((String) s.get("lastResolution")),
                Instant.parse((String) s.get("nextRefresh")));
        assertTrue(untilNext.compareTo(Duration.ofMillis(4500)) >= 0
                && untilNext.compareTo(Duration.ofMillis(5500)) <= 0, "5s with 10% jitter: " + untilNext);
    }

    @Test
    void expansionAnswersFromTheCacheWhileAQueryIsStuck() throws Exception {
        ServiceSpec web = web(", dns-refresh = 300s");
        TestPluginContext context = start(settings("timeout = 2s"), web);
        Set<String> good = expand(context, web, hostTarget(web));
        dns.pause();
        CompletableFuture<AdminResponse> forced = CompletableFuture.supplyAsync(() -> {
            try {
                return resolveRoute(context, "web", "web.test");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // lets the forced query reach the frozen server; it waits up to 2 s for an answer
        assertEquals(good, expand(context, web, hostTarget(web)));
        assertFalse(forced.isDone(), "expansion returned while the query was still waiting for the server");
        dns.resume();
        AdminResponse response = forced.join();
        assertEquals(200, response.status());
        assertEquals(0, ((Map<?, ?>) response.body()).get("consecutiveFailures"), "answered after the resume");
    }

    @Test
    void reloadFollowsNewNamesDropsRemovedOnesAndTakesNewSettings() throws Exception {
        TestPluginContext context = start(settings(""), web(", dns-refresh = 30s"));
        dns.records("new.test", "198.18.0.44");
        ServiceSpec api = TestConfigs.service("""
                name = api
                targets = [ { host = "new.test", port = 9000 } ]
                """);
        ServiceSpec web = web(", dns-refresh = 5s");
        context.setModel(new StaticServiceModel(List.of(web, api), List.of()));
        context.events().publish(new ConfigReloaded(Instant.now(), "lb.conf", List.of("web", "api")));
        Await.until("new.test resolves",
                () -> expand(context, api, api.targets().get(0)).equals(endpoints(9000, "198.18.0.44")),
                Duration.ofSeconds(2));
        assertEquals("5s", state(context, "web", "web.test").get("refresh"));

        context.setModel(new StaticServiceModel(List.of(api), List.of()));
        context.events().publish(new ConfigReloaded(Instant.now(), "lb.conf", List.of("web")));
        @SuppressWarnings("unchecked")
        var all = (Map<String, Map<String, Map<String, Object>>>) context.statuses.get(0).snapshot();
        assertEquals(Set.of("api"), all.keySet());
    }

    @Test
    void aNameFirstSeenByExpansionIsFollowedWithoutBlocking() throws Exception {
        TestPluginContext context = start(settings(""), web(""));
        dns.records("early.test", "198.18.0.55");
        ServiceSpec api = TestConfigs.service("""
                name = api
                targets = [ { host = "early.test", port = 9000 } ]
                """);
        // the runtime may expand a reloaded model before the plugin hears of the reload
        context.setModel(new StaticServiceModel(List.of(web(""), api), List.of()));
        TargetSpec spec = api.targets().get(0);
        assertEquals(Set.of(), expand(context, api, spec), "nothing known yet, and no waiting for the network");
        Await.until("early.test resolves", () -> expand(context, api, spec).equals(endpoints(9000, "198.18.0.55")),
                Duration.ofSeconds(2));
        Await.until("the resolution is published", () -> context.events().published(DnsResolved.class).size() == 2,
                Duration.ofSeconds(1));
        assertEquals(List.of(InetAddress.getByName("198.18.0.55")), context.events().published(DnsResolved.class)
                .stream().filter(e -> e.hostname().equals("early.test")).findFirst().orElseThrow().addresses());
    }

    @Test
    void stopEndsTheRefreshes() throws Exception {
        TestPluginContext context = start(settings("jitter = 0"), web(", dns-refresh = 1s"));
        Object first = state(context, "web", "web.test").get("lastResolution");
        Await.until("a scheduled refresh", () -> !first.equals(state(context, "web", "web.test").get("lastResolution")),
                PICKUP);
        plugins.get(0).stop();
        Object last = state(context, "web", "web.test").get("lastResolution");
        Thread.sleep(REFRESH.multipliedBy(2).plusMillis(500).toMillis());
        assertEquals(last, state(context, "web", "web.test").get("lastResolution"));
    }
}
