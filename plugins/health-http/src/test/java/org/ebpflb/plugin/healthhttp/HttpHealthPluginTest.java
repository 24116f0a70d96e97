package org.ebpflb.plugin.healthhttp;

import org.ebpflb.testkit.Await;
import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plugin as the runtime sees it: descriptor, validation with FILE:LINE, and checks of real servers. */
class HttpHealthPluginTest {
    @TempDir
    Path dir;

    private final ConfigKeys keys = new HttpHealthPlugin().configKeys().get(0);

    private List<String> problems(String hocon) {
        return HoconModels.services(dir, hocon).stream().flatMap(s -> keys.validate(s).stream())
                .map(ConfigProblem::toString).toList();
    }

    private static String file(List<String> problems) {
        return problems.get(0).substring(0, problems.get(0).indexOf(':'));
    }

    @Test
    void isFoundAsAPluginProviderBothWays() throws Exception {
        ModuleDescriptor descriptor = HttpHealthPlugin.class.getModule().getDescriptor();
        assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(Plugin.class.getName())
                && p.providers().equals(List.of(HttpHealthPlugin.class.getName()))), descriptor.provides().toString());
        try (InputStream in = HttpHealthPlugin.class.getResourceAsStream(
                "/META-INF/services/" + Plugin.class.getName())) {
            assertEquals(HttpHealthPlugin.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        assertEquals("health-http", new HttpHealthPlugin().id());
        assertEquals(new ConfigKeys.Discriminator("health-check", "type", Set.of("http", "https"), "tcp"),
                keys.discriminator().orElseThrow());
    }

    @Test
    void reportsHttpMistakesAtTheirLines() {
        List<String> problems = problems("""
                services = [ {
                  name = web
                  health-check {
                    type = http
                    path = "health"
                    expected-codes = [200,
                                      700]
                    tls-verify = false
                  }
                  targets = [
                    { ip = "198.18.1.2", port = 80, health-check { type = https, tls-verfy = false, timeout = 5s } }
                    { ip = "198.18.1.3", port = 80, health-check { type = https, ca-file = "missing.pem" } }
                  ]
                } ]
                """);
        String f = file(problems);
        String missing = Path.of(f).resolveSibling("missing.pem").toString();
        assertEquals(Set.of(
                f + ":5: health-check.path must start with / (got 'health')",
                f + ":7: health-check.expected-codes[1] must be between 100 and 599, got 700",
                f + ":8: unknown key 'tls-verify' in health-check (type http) (known keys: expected-codes, "
                        + "healthy-threshold, host, initial-state, interval, jitter, path, slow-start, timeout, type, "
                        + "unhealthy-threshold)",
                f + ":11: unknown key 'tls-verfy' in health-check (type https) (did you mean 'tls-verify'?)",
                f + ":11: health-check.timeout (5s) must be shorter than health-check.interval (5s)",
                f + ":12: health-check.ca-file must be the path of a readable PEM certificate file: " + missing
                        + " cannot be read: java.nio.file.NoSuchFileException: "
                        + missing), Set.copyOf(problems));
        assertEquals(6, problems.size(), "the targets inherit the path and code mistakes, reported once: "
                + problems);
    }

    @Test
    void emptyOrMistypedCodesAndBadHostAreRefused() {
        List<String> problems = problems("""
                services = [ { name = web, targets = [ { ip = "198.18.1.2", port = 80 } ]
                  health-check { type = http, host = "a b", expected-codes = [] }
                } ]
                """);
        String f = file(problems);
        assertEquals(List.of(
                f + ":2: health-check.host must be a host name or address, with an optional :port, and no spaces",
                f + ":2: health-check.expected-codes must list HTTP status codes such as [200, 204], "
                        + "not an empty list"),
                problems);
    }

    @Test
    void operatorsMaySetEveryKeyOfABlockInTheDefaultsAndBadValuesAreReportedAtTheirLine() throws Exception {
        Config reference = ConfigFactory.parseResources(HttpHealthPlugin.class, "/reference.conf");
        // the runtime refuses operator keys its reference.conf does not declare: every block key must be there
        assertEquals(Set.of("interval", "timeout", "healthy-threshold", "unhealthy-threshold", "initial-state",
                "slow-start", "jitter", "path", "host", "expected-codes", "tls-verify", "ca-file"),
                reference.getConfig("lb.plugins.health-http.defaults").root().keySet());
        Path file = java.nio.file.Files.writeString(dir.resolve("lb.conf"), """
                lb.plugins.health-http.defaults {
                  slow-start = 10s
                  host = "web.internal"
                  path = "health"
                  ca-file = "missing.pem"
                }
                """);
        Config settings = ConfigFactory.parseFile(file.toFile()).withFallback(reference)
                .getConfig("lb.plugins.health-http");
        List<String> problems = new HttpHealthPlugin().validateSettings(settings).stream()
                .map(ConfigProblem::toString).toList();
        assertEquals(2, problems.size(), problems::toString);
        assertEquals(file + ":4: lb.plugins.health-http.defaults: health-check.path must start with / (got 'health')",
                problems.get(0), "reported once, though both http and https read it");
        assertTrue(problems.get(1).startsWith(file + ":5: lb.plugins.health-http.defaults: health-check.ca-file "
                + "must be the path of a readable PEM certificate file: " + dir.resolve("missing.pem")
                + " cannot be read"), problems.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void takesTheFailingServerOutAndKeepsTheHealthyOne(String loopback) throws Exception {
        InetAddress address = IpAddresses.parseLiteral(loopback);
        HttpServer up = server(address, 200);
        HttpServer down = server(address, 503);
        try {
            StaticServiceModel model = HoconModels.model(dir, """
                    services = [ { name = web, targets = [
                      { ip = "%s", port = %d }
                      { ip = "%s", port = %d }
                    ], health-check { type = http, path = "/health", unhealthy-threshold = 1 } } ]
                    """.formatted(loopback, up.getAddress().getPort(), loopback, down.getAddress().getPort()));
            Config config = ConfigFactory.parseResources(HttpHealthPlugin.class, "/reference.conf")
                    .getConfig("lb.plugins.health-http");
            ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
            HttpHealthPlugin plugin = new HttpHealthPlugin();
            try (TestPluginContext context = new TestPluginContext(config, model, clock)) {
                plugin.start(context);
                // with the default jitter, first probes fall somewhere in the first interval (5s)
                clock.advance(Duration.ofSeconds(5));
                Await.until("two probe results", () -> context.events().published(HealthProbeCompleted.class).size() >= 2,
                        Duration.ofSeconds(10));
                Target healthy = model.targets().get(0);
                Target failing = model.targets().get(1);
                WeightFactor ok = context.modifiers.get(0).factor(healthy);
                assertEquals(1.0, ok.value());
                assertTrue(ok.reason().matches("healthy \\(HTTP 200, (<1|\\d+) ms\\)"), ok.reason());
                assertEquals(new WeightFactor(0, FactorKind.AVAILABILITY, "unhealthy: 1 consecutive failure: HTTP 503"),
                        context.modifiers.get(0).factor(failing));
            } finally {
                plugin.stop();
            }
        } finally {
            up.stop(0);
            down.stop(0);
        }
    }

    private static HttpServer server(InetAddress address, int status) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
