package org.ebpflb.health;

import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
            assertTrue(e.getMessage().contains(": unknown key 'intreval' in lb.plugins.fake-health.defaults; "
                    + "did you mean 'interval'?"), e.getMessage());
            assertTrue(e.getMessage().contains(": unknown key 'type' in lb.plugins.fake-health.defaults"),
                    e.getMessage());
        }
    }
}
