package org.ebpflb.plugin.healthtcp;

import org.ebpflb.testkit.Await;
import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plugin as the runtime sees it: descriptor, defaults, validation, and checks of real loopback ports. */
class TcpHealthPluginTest {
    @TempDir
    Path dir;

    private static Config reference() {
        return ConfigFactory.parseResources(TcpHealthPlugin.class, "/reference.conf");
    }

    @Test
    void isFoundAsAPluginProviderBothWays() throws Exception {
        ModuleDescriptor descriptor = TcpHealthPlugin.class.getModule().getDescriptor();
        assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(Plugin.class.getName())
                && p.providers().equals(List.of(TcpHealthPlugin.class.getName()))), descriptor.provides().toString());
        try (InputStream in = TcpHealthPlugin.class.getResourceAsStream(
                "/META-INF/services/" + Plugin.class.getName())) {
            assertEquals(TcpHealthPlugin.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .trim());
        }
        assertEquals("health-tcp", new TcpHealthPlugin().id());
    }

    @Test
    void ownsTcpBlocksAndRejectsHttpKeysInThem() {
        ConfigKeys keys = new TcpHealthPlugin().configKeys().get(0);
        assertEquals(Set.of("tcp"), keys.discriminator().orElseThrow().values());
        assertEquals("tcp", keys.discriminator().orElseThrow().defaultValue());
        var service = HoconModels.services(dir, """
                services = [ { name = db, targets = [ { ip = "198.18.1.2", port = 5432 } ]
                  health-check {
                    path = "/health"
                  }
                } ]
                """).get(0);
        List<String> problems = keys.validate(service).stream().map(ConfigProblem::toString).toList();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).matches(".*\\.conf:3: unknown key 'path' in health-check \\(type tcp\\) "
                + "\\(known keys: healthy-threshold, initial-state, interval, jitter, slow-start, timeout, type, "
                + "unhealthy-threshold\\)"), problems.get(0));
    }

    @Test
    void referenceDefaultsAreValidAndDocumented() {
        Config plugin = reference().getConfig("lb.plugins.health-tcp");
        assertEquals(Duration.ofSeconds(5), plugin.getDuration("defaults.interval"));
        assertEquals(Duration.ofSeconds(2), plugin.getDuration("defaults.timeout"));
        assertEquals(2, plugin.getInt("defaults.healthy-threshold"));
        assertEquals(3, plugin.getInt("defaults.unhealthy-threshold"));
        assertEquals("healthy", plugin.getString("defaults.initial-state"));
        assertFalse(plugin.hasPath("defaults.slow-start"), "null: 4 x interval");
    }

    @Test
    void operatorsMaySetEveryKeyOfABlockInTheDefaultsAndBadValuesAreReportedAtTheirLine() throws Exception {
        // the runtime refuses operator keys its reference.conf does not declare: every block key must be there
        Config defaults = reference().getConfig("lb.plugins.health-tcp.defaults");
        assertEquals(Set.of("interval", "timeout", "healthy-threshold", "unhealthy-threshold", "initial-state",
                "slow-start", "jitter"), defaults.root().keySet());
        Path file = java.nio.file.Files.writeString(dir.resolve("lb.conf"), """
                lb.plugins.health-tcp.defaults {
                  slow-start = 10s
                  jitter = 0.9
                }
                """);
        Config settings = ConfigFactory.parseFile(file.toFile()).withFallback(reference())
                .getConfig("lb.plugins.health-tcp");
        assertEquals(List.of(file + ":3: lb.plugins.health-tcp.defaults: health-check.jitter must be a fraction "
                        + "between 0 and 0.5 (e.g. 0.1) or a percentage between 0% and 50% (e.g. \"10%\"), got 0.9"),
                new TcpHealthPlugin().validateSettings(settings).stream().map(ConfigProblem::toString).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void checksRealPortsAndTakesTheClosedOneOut(String loopback) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
        InetAddress address = IpAddresses.parseLiteral(loopback);
        try (ServerSocket open = new ServerSocket(0, 50, address)) {
            int closedPort;
            try (ServerSocket closed = new ServerSocket(0, 50, address)) {
                closedPort = closed.getLocalPort();
            }
            StaticServiceModel model = HoconModels.model(dir, """
                    services = [ { name = db, health-check { type = tcp, unhealthy-threshold = 1 }, targets = [
                      { ip = "%s", port = %d }
                      { ip = "%s", port = %d }
                    ] } ]
                    """.formatted(loopback, open.getLocalPort(), loopback, closedPort));
            Config config = reference().getConfig("lb.plugins.health-tcp");
            TcpHealthPlugin plugin = new TcpHealthPlugin();
            try (TestPluginContext context = new TestPluginContext(config, model, clock)) {
                plugin.start(context);
                // with the default jitter, first probes fall somewhere in the first interval (5s)
                clock.advance(Duration.ofSeconds(5));
                Await.until("two probe results", () -> context.events().published(HealthProbeCompleted.class).size() >= 2,
                        Duration.ofSeconds(10));
                Target up = model.targets().get(0);
                Target down = model.targets().get(1);
                WeightFactor upFactor = context.modifiers.get(0).factor(up);
                assertEquals(1.0, upFactor.value());
                assertTrue(upFactor.reason().matches("healthy \\(connected, (<1|\\d+) ms\\)"), upFactor.reason());
                assertEquals(new WeightFactor(0, upFactor.kind(), "unhealthy: 1 consecutive failure: connect refused"),
                        context.modifiers.get(0).factor(down));
                List<TargetHealthChanged> changes = context.events().published(TargetHealthChanged.class);
                assertEquals(List.of(new Endpoint(address, closedPort)),
                        changes.stream().map(TargetHealthChanged::target).toList());
            } finally {
                plugin.stop();
            }
        }
    }
}
