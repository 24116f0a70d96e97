package org.ebpflb.plugin.healthcommon;

import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin built on HealthCheckPlugin: start, periodic ticks on the context's scheduler, stop, start-time checks. */
class HealthCheckPluginTest {
    private static final String WEB = """
            services = [ { name = web, health-check { interval = 1s, timeout = 500ms }
                           targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
            """;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));

    /** The plugin's settings as the runtime would hand them over: operator overrides over reference.conf. */
    private static Config pluginConfig(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseResources("reference.conf"))
                .getConfig("lb.plugins.fake-health");
    }

    @Test
    void registersModifierAndStatusAndProbesOnTheSchedulersTicks() throws Exception {
        FakeHealthPlugin plugin = new FakeHealthPlugin(clock);
        try (TestPluginContext context = new TestPluginContext(
                pluginConfig("lb.plugins.fake-health.defaults.jitter = 0"), HoconModels.model(dir, WEB), clock)) {
            plugin.start(context);
            assertEquals("fake-health", plugin.id());
            assertEquals(1, context.modifiers.size());
            assertEquals(WeightModifier.ORDER_HEALTH, context.modifiers.get(0).order());
            assertEquals("health", context.statuses.get(0).section());

            CheckerHarness.await(() -> context.events().published(HealthProbeCompleted.class).size() == 1,
                    "the probe started by start()");
            clock.advance(Duration.ofSeconds(1));
            CheckerHarness.await(() -> context.events().published(HealthProbeCompleted.class).size() == 2,
                    "the scheduler's tick to start the next probe");

            plugin.stop();
            clock.advance(Duration.ofSeconds(5));
            Thread.sleep(100); // ten periods of the 10 ms tick: none may probe after stop
            assertEquals(2, plugin.type.calls.size());
        }
    }

    @Test
    void operatorDefaultsThatBreakAServiceStopTheStartWithFileAndLine() throws Exception {
        Config config = pluginConfig("lb.plugins.fake-health.defaults.interval = 400ms");
        FakeHealthPlugin plugin = new FakeHealthPlugin(clock);
        String web = WEB.replace("interval = 1s, ", "");
        try (TestPluginContext context = new TestPluginContext(config, HoconModels.model(dir, web), clock)) {
            FatalStartException e = assertThrows(FatalStartException.class, () -> plugin.start(context));
            assertTrue(e.getMessage().matches("(?s)fake-health cannot start:\n  .*\\.conf:1: health-check\\.timeout "
                    + "\\(500ms\\) must be shorter than health-check\\.interval \\(400ms\\)"), e.getMessage());
            assertEquals(0, context.modifiers.size());
        }
    }

    @Test
    void unknownKeysInThePluginDefaultsAreRefused() throws Exception {
        Config config = pluginConfig("lb.plugins.fake-health.defaults { intreval = 1s, type = tcp }");
        FakeHealthPlugin plugin = new FakeHealthPlugin(clock);
        try (TestPluginContext context = new TestPluginContext(config, HoconModels.model(dir, WEB), clock)) {
            FatalStartException e = assertThrows(FatalStartException.class, () -> plugin.start(context));
            assertTrue(e.getMessage().contains(": unknown key 'intreval' in lb.plugins.fake-health.defaults "
                    + "(did you mean 'interval'?)"), e.getMessage());
            assertTrue(e.getMessage().contains(": unknown key 'type' in lb.plugins.fake-health.defaults"),
                    e.getMessage());
        }
    }

    /** The plugin's settings as the runtime merges them for {@code lb validate}, read from a real file. */
    private Config fileConfig(String overrides) throws Exception {
        Path file = Files.writeString(dir.resolve("lb.conf"), overrides);
        return ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.parseResources("reference.conf"))
                .getConfig("lb.plugins.fake-health");
    }

    @Test
    void validateSettingsReportsBadDefaultsAndTickAtTheOperatorsLines() throws Exception {
        Config settings = fileConfig("""
                lb.plugins.fake-health {
                  tick = 0s
                  defaults {
                    interval = -1s
                    initial-state = sick
                    unhealthy-threshold = 0
                  }
                }
                """);
        List<String> problems = new FakeHealthPlugin(clock).validateSettings(settings).stream()
                .map(ConfigProblem::toString).toList();
        String f = dir.resolve("lb.conf").toString();
        assertEquals(List.of(
                f + ":2: lb.plugins.fake-health.tick must be longer than 0s, got 0s",
                f + ":4: lb.plugins.fake-health.defaults: health-check.interval must be longer than 0s, got -1s",
                f + ":6: lb.plugins.fake-health.defaults: health-check.unhealthy-threshold must be at least 1, got 0",
                f + ":5: lb.plugins.fake-health.defaults: health-check.initial-state must be healthy or unhealthy, "
                        + "got 'sick'"), problems);
    }

    @Test
    void validateSettingsBlamesTheDefaultTheOperatorChangedWhenTimeoutIsNotShorter() throws Exception {
        Config settings = fileConfig("lb.plugins.fake-health.defaults {\n  interval = 1s\n}\n");
        List<ConfigProblem> problems = new FakeHealthPlugin(clock).validateSettings(settings);
        assertEquals(List.of(new ConfigProblem(dir.resolve("lb.conf").toString(), 2,
                "lb.plugins.fake-health.defaults: health-check.timeout (2s) must be shorter than "
                        + "health-check.interval (1s)")), problems);
    }

    @Test
    void validateSettingsAcceptsTheShippedDefaultsAndRefusesDefaultsThatAreNoObject() throws Exception {
        FakeHealthPlugin plugin = new FakeHealthPlugin(clock);
        assertEquals(List.of(), plugin.validateSettings(fileConfig("lb.plugins.fake-health.defaults.interval = 3s")));
        List<ConfigProblem> problems = plugin.validateSettings(fileConfig("lb.plugins.fake-health.defaults = 5s"));
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(1, problems.get(0).line(), problems::toString);
        assertEquals("lb.plugins.fake-health.defaults must be an object { ... }, got '5s'",
                problems.get(0).message());
    }

    @Test
    void startRefusesWhatValidateSettingsReports() throws Exception {
        Config config = fileConfig("lb.plugins.fake-health.defaults.healthy-threshold = 0");
        FakeHealthPlugin plugin = new FakeHealthPlugin(clock);
        try (TestPluginContext context = new TestPluginContext(config, HoconModels.model(dir, WEB), clock)) {
            FatalStartException e = assertThrows(FatalStartException.class, () -> plugin.start(context));
            assertTrue(e.getMessage().contains("lb.conf:1: lb.plugins.fake-health.defaults: "
                    + "health-check.healthy-threshold must be at least 1, got 0"), e.getMessage());
            assertEquals(0, context.modifiers.size());
        }
    }
}
