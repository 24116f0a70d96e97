package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.event.CircuitStateChanged;
import org.ebpflb.api.event.ConfigRejected;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.ConnectionEvent;
import org.ebpflb.api.event.DnsFailed;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPluginTest {
    private static final Endpoint A = Endpoint.parse("198.18.1.2:8080");
    private static final Endpoint B = Endpoint.parse("198.18.1.3:8080");
    private static final String TWO_TARGETS = """
            services = [ { name = web, listen { interfaces = [lo], port = 80 },
              targets = [ { ip = "198.18.1.2", port = 8080, weight = 3 }, { ip = "198.18.1.3", port = 8080, weight = 1 } ] } ]
            """;
    private static final String ONE_TARGET = """
            services = [ { name = web, listen { interfaces = [lo], port = 80 },
              targets = [ { ip = "198.18.1.2", port = 8080, weight = 3 } ] } ]
            """;

    @TempDir
    Path dir;

    @Test
    void servesCountersFromOneSnapshotPerScrapeAndEventMetricsAndDropsSeriesOfRemovedTargets() throws Exception {
        CountingStats stats = new CountingStats();
        stats.counters.put(A, new TrafficCounters(10, 8, 1000, 800, 5, 3, 1, 2));
        stats.counters.put(B, new TrafficCounters(2, 1, 200, 100, 1, 0, 0, 1));
        stats.conntrack = new ConntrackStats(1000, 3, 100, 4, 5, 6, 7);
        try (TestPluginContext context = context(settings(freeListen()), HoconModels.model(dir,
                TWO_TARGETS))) {
            context.setStats(stats);
            context.setRuntime(new TestPluginContext.FixedRuntimeInfo("1.2.3", Map.of("metrics", 0L, "dns", 2L)));
            MetricsPlugin plugin = new MetricsPlugin();
            plugin.start(context);
            try {
                Instant now = Instant.now();
                context.events().publish(new WeightsApplied(now, "web", "default", Map.of(A, 3.0, B, 0.0), false));
                context.events().publish(new TargetHealthChanged(now, "web", B, false, "2 consecutive failures"));
                context.events().publish(new HealthProbeCompleted(now, "web", B, "http", false,
                        Duration.ofMillis(3), "connect refused"));
                context.events().publish(new CircuitStateChanged(now, "web", A, "open", "errors"));
                context.events().publish(new ConfigReloaded(now, "lb.conf", List.of("web")));
                Endpoint client = Endpoint.parse("198.18.0.10:40000");
                Endpoint vip = Endpoint.parse("198.18.100.1:80");
                context.events().publish(new ConnectionEvent(now.minusSeconds(3), ConnectionEvent.Kind.OPENED, "web",
                        Protocol.TCP, client, vip, B, now.minusSeconds(5), Optional.empty(), 1, 1, 0, 0));
                context.events().publish(new ConnectionEvent(now, ConnectionEvent.Kind.CLOSED, "web", Protocol.TCP,
                        client, vip, B, now.minusSeconds(5), Optional.of(ConnectionEvent.CloseReason.FIN), 9, 8, 90,
                        80));
                context.events().publish(new ConfigRejected(now, "lb.conf", List.of("lb.conf:3: bad")));
                context.events().publish(new ConfigRejected(now, "lb.conf", List.of("lb.conf:3: bad")));

                Scrape s = Scrape.of(plugin.address().getPort(), Optional.empty());
                assertEquals(200, s.status(), s.text());
                assertEquals(1, stats.snapshots.get(), "one data-plane read per scrape");
                assertEquals(Optional.of(1.0), s.value("lb_up"));
                assertEquals(Optional.of(1.0), s.value("lb_info{version=\"1.2.3\",}"));
                assertEquals(Optional.of(5.0), s.value(series("lb_connections_total", A)));
                assertEquals(Optional.of(2.0), s.value(series("lb_connections_active", A)));
                assertEquals(Optional.of(1.0), s.value(series("lb_connect_failures_total", A)));
                assertEquals(Optional.of(800.0), s.value("lb_bytes_total{service=\"web\",target=\"" + A
                        + "\",direction=\"reverse\",}"));
                assertEquals(Optional.of(2.0), s.value("lb_packets_total{service=\"web\",target=\"" + B
                        + "\",direction=\"forward\",}"));
                assertEquals(Optional.of(7.0), s.value("lb_drops_total{reason=\"malformed\",}"));
                assertEquals(Optional.of(2.0), s.value("lb_plugin_errors_total{plugin=\"dns\",}"));
                assertEquals(Optional.of(3.0), s.value("lb_conntrack_entries{table=\"established\",}"));
                assertEquals(Optional.of(4.0), s.value("lb_conntrack_entries{table=\"half-open\",}"));
                assertEquals(Optional.of(1000.0), s.value("lb_conntrack_capacity{table=\"established\",}"));
                assertEquals(Optional.of(100.0), s.value("lb_conntrack_capacity{table=\"half-open\",}"));
                assertEquals(Optional.of(5.0), s.value("lb_conntrack_evictions_total"));
                assertEquals(Optional.of(6.0), s.value("lb_conntrack_misses_total"));
                assertEquals(Optional.of(7.0), s.value("lb_conntrack_insert_failures_total"));
                assertEquals(Optional.of(0.0), s.value("lb_plugin_errors_total{plugin=\"metrics\",}"));
                assertEquals(Optional.of(3.0), s.value("lb_target_weight{service=\"web\",group=\"default\",target=\""
                        + A + "\",}"));
                assertEquals(Optional.of(0.0), s.value(series("lb_backend_health", B)));
                assertEquals(Optional.of(1.0), s.value("lb_health_check_latency_seconds_bucket{service=\"web\","
                        + "le=\"0.005\",}"));
                assertEquals(Optional.of(0.0), s.value("lb_health_check_latency_seconds_bucket{service=\"web\","
                        + "le=\"0.001\",}"));
                assertEquals(Optional.of(2.0), s.value(series("lb_circuit_breaker_state", A)));
                // one closed connection of 5 s (the opened event adds nothing)
                assertEquals(Optional.of(1.0), s.value("lb_connection_duration_seconds_count{service=\"web\",target=\""
                        + B + "\",}"));
                assertEquals(Optional.of(1.0), s.value("lb_connection_duration_seconds_bucket{service=\"web\",target=\""
                        + B + "\",le=\"10.0\",}"));
                assertEquals(Optional.of(0.0), s.value("lb_connection_duration_seconds_bucket{service=\"web\",target=\""
                        + B + "\",le=\"1.0\",}"));
                assertFalse(s.has("lb_connection_duration_seconds_count{service=\"web\",target=\"" + A),
                        "no connection events of A: no series");
                assertEquals(Optional.of(1.0), s.value("lb_config_reloads_total{result=\"success\",}"));
                assertEquals(Optional.of(2.0), s.value("lb_config_reloads_total{result=\"failure\",}"));
                assertFalse(s.has("lb_dns_resolution_status"), "no hostname targets, no DNS events: absent");
                assertFalse(s.has("lb_drain_events_total"), "no drain plugin: absent");
                assertTrue(s.text().contains("# TYPE lb_connections_total counter"), s.text());
                assertFalse(s.text().contains("_created"), "no creation-time series: " + s.text());

                // B leaves the configuration and the data plane: every series of it goes
                context.setModel(HoconModels.model(dir, ONE_TARGET));
                stats.counters.remove(B);
                stats.conntrack = ConntrackStats.NONE;
                Scrape after = Scrape.of(plugin.address().getPort(), Optional.empty());
                assertTrue(after.samples().keySet().stream().noneMatch(k -> k.contains(B.toString())),
                        after.text());
                assertTrue(after.value(series("lb_connections_total", A)).isPresent());
                assertEquals(2, stats.snapshots.get());
                assertFalse(after.has("lb_conntrack_entries"), "no conntrack tables: absent, not zero");
            } finally {
                plugin.stop();
            }
        }
    }

    @Test
    void dnsStatusFollowsResolutionsOfConfiguredHostnamesOnly() throws Exception {
        try (TestPluginContext context = context(settings(freeListen()),
                new StaticServiceModel(List.of(), List.of()))) {
            MetricsPlugin plugin = new MetricsPlugin();
            plugin.start(context);
            try {
                context.events().publish(new DnsFailed(Instant.now(), "web", "gone.example", "NXDOMAIN", 1));
                Scrape s = Scrape.of(plugin.address().getPort(), Optional.empty());
                assertFalse(s.has("lb_dns_resolution_status"), "a hostname no service has is pruned: " + s.text());
            } finally {
                plugin.stop();
            }
        }
    }

    @Test
    void aConfiguredTokenIsRequiredOnEveryScrape() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        try (TestPluginContext context = context(settings(freeListen() + ", token-file = \"" + token + "\""),
                new StaticServiceModel(List.of(), List.of()))) {
            MetricsPlugin plugin = new MetricsPlugin();
            plugin.start(context);
            try {
                int port = plugin.address().getPort();
                assertEquals(401, Scrape.of(port, Optional.empty()).status());
                assertEquals(401, Scrape.of(port, Optional.of("wrong")).status());
                Scrape ok = Scrape.of(port, Optional.of("s3cret"));
                assertEquals(200, ok.status());
                assertEquals(Optional.of(1.0), ok.value("lb_up"));
            } finally {
                plugin.stop();
            }
        }
    }

    @Test
    void invalidSettingsAreReportedWithTheirLine() throws IOException {
        Path file = Files.writeString(dir.resolve("lb.conf"), "listen = \"localhost:90000\"\ntoken-file = [1]\n");
        Config settings = ConfigFactory.parseFile(file.toFile()).withFallback(reference());
        List<ConfigProblem> problems = new MetricsPlugin().validateSettings(settings);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith(file + ":1: lb.plugins.metrics.listen must be"),
                problems.toString());
        assertTrue(problems.get(1).toString().startsWith(file + ":2: lb.plugins.metrics.token-file"),
                problems.toString());
        assertEquals(List.of(), new MetricsPlugin().validateSettings(reference()));
        List<ConfigProblem> named = new MetricsPlugin().validateSettings(settings("listen = \"localhost:9090\""));
        assertEquals(1, named.size(), named.toString());
        assertTrue(named.get(0).message().contains("must be a numeric address"), named.toString());
    }

    @Test
    void anAddressInUseOrAnEmptyTokenFileFailsTheStartAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TestPluginContext context = context(settings("listen = \"127.0.0.1:" + taken.getLocalPort() + "\""),
                     new StaticServiceModel(List.of(), List.of()))) {
            MetricsPlugin plugin = new MetricsPlugin();
            IOException e = assertThrows(IOException.class, () -> plugin.start(context));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(context.events().published(ConfigReloaded.class).isEmpty());
        }
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");
        try (TestPluginContext context = context(settings(freeListen() + ", token-file = \"" + empty + "\""),
                new StaticServiceModel(List.of(), List.of()))) {
            IOException e = assertThrows(IOException.class, () -> new MetricsPlugin().start(context));
            assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        }
    }

    /** @return a listen setting on a port free a moment ago (the settings refuse port 0) */
    static String freeListen() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "listen = \"127.0.0.1:" + probe.getLocalPort() + "\"";
        }
    }

    @Test
    void ipv6TargetsAreLabelledInCanonicalTextWithBrackets() throws Exception {
        Endpoint v6 = Endpoint.parse("[2001:0db8:12:1:0:0:0:2]:8080");
        CountingStats stats = new CountingStats();
        stats.counters.put(v6, new TrafficCounters(3, 2, 300, 200, 1, 1, 0, 0));
        try (TestPluginContext context = context(settings(freeListen()), HoconModels.model(dir, """
                services = [ { name = web, listen { interfaces = [lo], address = "2001:db8:12::10", port = 80 },
                  targets = [ { ip = "2001:db8:12:1:0:0:0:2", port = 8080 } ] } ]
                """))) {
            context.setStats(stats);
            MetricsPlugin plugin = new MetricsPlugin();
            plugin.start(context);
            try {
                context.events().publish(new TargetHealthChanged(Instant.now(), "web", v6, true, "healthy"));
                Scrape s = Scrape.of(plugin.address().getPort(), Optional.empty());
                String label = "target=\"[2001:db8:12:1::2]:8080\"";
                assertEquals(Optional.of(1.0), s.value("lb_connections_total{service=\"web\"," + label + ",}"),
                        s.text());
                assertTrue(s.text().contains("lb_backend_health{service=\"web\"," + label), s.text());
                assertFalse(s.text().contains("0:0:0"), s.text());
            } finally {
                plugin.stop();
            }
        }
    }

    private static String series(String name, Endpoint target) {
        return name + "{service=\"web\",target=\"" + target + "\",}";
    }

    private static Config reference() {
        return ConfigFactory.parseResources(MetricsPlugin.class, "/reference.conf").getConfig("lb.plugins.metrics");
    }

    private static Config settings(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(reference());
    }

    private static TestPluginContext context(Config settings, StaticServiceModel model) {
        return new TestPluginContext(settings, model, Clock.systemUTC());
    }

    /** Counters of service "web" that fail a per-series read: a scrape must use {@link #snapshot} alone. */
    private static final class CountingStats implements DataPlaneStats {
        final Map<Endpoint, TrafficCounters> counters = new LinkedHashMap<>();
        final AtomicInteger snapshots = new AtomicInteger();
        volatile ConntrackStats conntrack = ConntrackStats.NONE;

        @Override
        public TrafficCounters service(String service) {
            throw new AssertionError("per-series read");
        }

        @Override
        public Map<Endpoint, TrafficCounters> targets(String service) {
            throw new AssertionError("per-series read");
        }

        @Override
        public Map<String, Long> drops() {
            throw new AssertionError("per-series read");
        }

        @Override
        public ConntrackStats conntrack() {
            return conntrack;
        }

        @Override
        public TrafficSnapshot snapshot(Collection<String> services) {
            snapshots.incrementAndGet();
            TrafficCounters sum = counters.values().stream().reduce(TrafficCounters.ZERO, TrafficCounters::plus);
            return new TrafficSnapshot(services.contains("web") ? Map.of("web", new TrafficSnapshot.ServiceTraffic(
                    sum, counters)) : Map.of(), Map.of("malformed", 7L, "no-service", 0L));
        }
    }
}
