package com.example.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceWindowPluginTest {
    private static final Target IN_MAINTENANCE = target("198.18.1.2:8080", 50);
    private static final Target UNLISTED = target("198.18.1.3:8080", 30);
    private static final StaticServiceModel MODEL =
            new StaticServiceModel(List.of(), List.of(IN_MAINTENANCE, UNLISTED));
    private static final String TWO_TO_FOUR_UTC = """
            lb.plugins.maintenance-window {
              targets = ["198.18.1.2:8080"]
              window { start = "02:00", end = "04:00", zone = "UTC" }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void registersOneAdministrativeModifierAtTheMaintenanceOrder() throws Exception {
        try (TestPluginContext context = start(TWO_TO_FOUR_UTC, new ManualClock(Instant.parse("2026-06-01T12:00:00Z")))) {
            WeightModifier modifier = context.modifiers.getFirst();
            assertEquals(1, context.modifiers.size());
            assertEquals(WeightModifier.ORDER_MAINTENANCE, modifier.order());
            assertEquals("maintenance-window", modifier.name());
        }
    }

    @Test
    void listedTargetGetsZeroOnlyWhileTheWindowIsOpen() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T01:30:00Z"));
        try (TestPluginContext context = start(TWO_TO_FOUR_UTC, clock)) {
            WeightModifier modifier = context.modifiers.getFirst();
            assertFactor(1, "outside maintenance window 02:00-04:00 UTC", modifier.factor(IN_MAINTENANCE));

            clock.advance(Duration.ofMinutes(30));
            assertFactor(0, "maintenance window 02:00-04:00 UTC", modifier.factor(IN_MAINTENANCE));
            assertFactor(1, "no maintenance scheduled", modifier.factor(UNLISTED));

            clock.advance(Duration.ofHours(2));
            assertFactor(1, "outside maintenance window 02:00-04:00 UTC", modifier.factor(IN_MAINTENANCE));
        }
    }

    @Test
    void windowAcrossMidnightTakesTheTargetOutOnBothSides() throws Exception {
        String conf = """
                lb.plugins.maintenance-window {
                  targets = ["198.18.1.2:8080"]
                  window { start = "23:00", end = "01:00", zone = "UTC" }
                }
                """;
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T23:30:00Z"));
        try (TestPluginContext context = start(conf, clock)) {
            WeightModifier modifier = context.modifiers.getFirst();
            assertEquals(0, modifier.factor(IN_MAINTENANCE).value());
            clock.advance(Duration.ofHours(1));
            assertEquals(0, modifier.factor(IN_MAINTENANCE).value());
            clock.advance(Duration.ofHours(1));
            assertEquals(1, modifier.factor(IN_MAINTENANCE).value());
        }
    }

    @Test
    void asksForAReconcileWhenTheWindowOpens() throws Exception {
        // 200 ms of real time before the window opens: the scheduler's delay comes from the plugin's clock
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T01:59:59.800Z"));
        try (TestPluginContext context = start(TWO_TO_FOUR_UTC, clock)) {
            assertEquals(0, context.reconcileRequests());
            Instant deadline = Instant.now().plusSeconds(5);
            while (context.reconcileRequests() == 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertEquals(1, context.reconcileRequests());
        }
    }

    @Test
    void stopCancelsTheNextReconcile() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T01:59:59.800Z"));
        try (TestPluginContext context = new TestPluginContext(PluginConfigs.fromFile(dir, TWO_TO_FOUR_UTC), MODEL,
                clock)) {
            MaintenanceWindowPlugin plugin = new MaintenanceWindowPlugin();
            plugin.start(context);
            plugin.stop();
            Thread.sleep(600);
            assertEquals(0, context.reconcileRequests());
        }
    }

    @Test
    void defaultsListNoTargets() throws Exception {
        try (TestPluginContext context = start("", new ManualClock(Instant.parse("2026-06-01T03:00:00Z")))) {
            assertFactor(1, "no maintenance scheduled", context.modifiers.getFirst().factor(IN_MAINTENANCE));
        }
    }

    private TestPluginContext start(String lbConf, ManualClock clock) throws Exception {
        TestPluginContext context = new TestPluginContext(PluginConfigs.fromFile(dir, lbConf), MODEL, clock);
        new MaintenanceWindowPlugin().start(context);
        return context;
    }

    private static void assertFactor(double value, String reason, WeightFactor factor) {
        assertEquals(value, factor.value());
        assertEquals(FactorKind.ADMINISTRATIVE, factor.kind());
        assertEquals(reason, factor.reason());
    }

    private static Target target(String endpoint, int weight) {
        Endpoint e = Endpoint.parse(endpoint);
        TargetSpec spec = new TargetSpec(Optional.of(e.address()), Optional.empty(), e.port(), weight,
                ConfigFactory.empty());
        return new Target("web", ServiceSpec.DEFAULT_GROUP, e, weight, spec);
    }
}
