package org.ebpflb.plugin.healthcommon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckerTest {
    private static final ProbeResult REFUSED = ProbeResult.failure(Duration.ofMillis(1), "connect refused");
    private static final ProbeResult CONNECTED = ProbeResult.success(Duration.ofMillis(3), "connected");
    private static final String A = "198.18.1.2:80";
    private static final String B = "198.18.1.3:80";

    @TempDir
    Path dir;

    private static String oneService(String healthCheck, String... targets) {
        StringBuilder t = new StringBuilder();
        for (String target : targets) {
            t.append("    ").append(target).append('\n');
        }
        return "services = [ {\n  name = web\n  " + healthCheck + "\n  targets = [\n" + t + "  ]\n} ]\n";
    }

    private static String target(String endpoint) {
        Endpoint e = Endpoint.parse(endpoint);
        return "{ ip = \"" + e.address().getHostAddress() + "\", port = " + e.port() + " }";
    }

    private static String target(String endpoint, String healthCheck) {
        Endpoint e = Endpoint.parse(endpoint);
        return "{ ip = \"" + e.address().getHostAddress() + "\", port = " + e.port() + ", " + healthCheck + " }";
    }

    @Test
    void unhealthyAfterThresholdFailuresAndHealthyAfterThresholdSuccesses() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService("health-check { interval = 1s }", target(A)))) {
            h.tick();
            assertEquals(1, h.probes().size());
            assertEquals(new WeightFactor(1, FactorKind.AVAILABILITY, "healthy (connected, 3 ms)"), h.factor(A));

            h.type.setAll((t, s) -> REFUSED);
            h.run(Duration.ofSeconds(2));
            assertTrue(h.health(A).healthy(), "2 failures of 3 keep it healthy");
            assertEquals(1.0, h.factor(A).value());
            assertEquals("healthy (2 failures of 3 before unhealthy: connect refused)", h.factor(A).reason());

            h.run(Duration.ofSeconds(1));
            assertFalse(h.health(A).healthy());
            assertEquals(new WeightFactor(0, FactorKind.AVAILABILITY,
                    "unhealthy: 3 consecutive failures: connect refused"), h.factor(A));
            List<TargetHealthChanged> changes = h.changes();
            assertEquals(1, changes.size());
            assertFalse(changes.get(0).healthy());
            assertEquals("3 consecutive failures: connect refused", changes.get(0).reason());
            assertEquals(h.clock.instant(), changes.get(0).at());

            h.type.setAll((t, s) -> CONNECTED);
            h.run(Duration.ofSeconds(1));
            assertFalse(h.health(A).healthy(), "1 success of 2 is not enough");
            assertEquals("unhealthy: 1 of 2 successes needed (last: connected)", h.factor(A).reason());
            h.run(Duration.ofSeconds(1));
            assertTrue(h.health(A).healthy());
            assertEquals(2, h.changes().size());
            assertEquals("2 consecutive successes: connected", h.changes().get(1).reason());

            List<HealthProbeCompleted> probes = h.probes();
            assertEquals(6, probes.size());
            assertEquals(List.of(true, false, false, false, true, true),
                    probes.stream().map(HealthProbeCompleted::success).toList());
            assertEquals(Duration.ofMillis(1), probes.get(1).latency());
            assertEquals("tcp", probes.get(0).type());
            assertEquals(6, h.health(A).probes());
        }
    }

    @Test
    void initialStateUnhealthyTakesNoTrafficUntilThresholdAndThenFullWeight() {
        try (CheckerHarness h = new CheckerHarness(dir,
                oneService("health-check { interval = 1s, initial-state = unhealthy }", target(A)))) {
            assertEquals(new WeightFactor(0, FactorKind.AVAILABILITY, "unhealthy: initial state, no probe yet"),
                    h.factor(A));
            h.tick();
            assertEquals(0.0, h.factor(A).value());
            h.run(Duration.ofSeconds(1));
            assertTrue(h.health(A).healthy());
            assertEquals(1.0, h.factor(A).value(), "no slow start for a target that was never healthy");
            assertEquals("healthy", h.health(A).state());
        }
    }

    @Test
    void bootHealthyTargetsGetFullWeightAtOnce() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService("health-check { }", target(A), target(B)))) {
            assertEquals(1.0, h.factor(A).value());
            assertEquals("healthy (initial state, no probe yet)", h.factor(B).reason());
            h.tick();
            assertEquals(1.0, h.factor(A).value());
            assertEquals(0, h.changes().size());
        }
    }

    @Test
    void recoveredTargetRampsQuarterStepsOverSlowStart() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService(
                "health-check { interval = 1s, unhealthy-threshold = 1, healthy-threshold = 1, slow-start = 3s }",
                target(A)))) {
            h.type.setAll((t, s) -> REFUSED);
            h.tick();
            assertEquals(0.0, h.factor(A).value());
            h.type.setAll((t, s) -> CONNECTED);
            h.run(Duration.ofSeconds(1));
            assertTrue(h.health(A).healthy());
            int reconciles = h.context.reconcileRequests();
            assertEquals(new WeightFactor(0.25, FactorKind.AVAILABILITY,
                    "slow start 25%: healthy again 0s ago, full weight in 3s"), h.factor(A));
            assertEquals("slow-start", h.health(A).state());
            h.run(Duration.ofMillis(900));
            assertEquals(0.25, h.factor(A).value());
            h.run(Duration.ofMillis(100));
            assertEquals(0.5, h.factor(A).value());
            assertTrue(h.context.reconcileRequests() > reconciles, "a ramp step asks for a reconcile");
            h.run(Duration.ofSeconds(1));
            assertEquals(0.75, h.factor(A).value());
            h.run(Duration.ofMillis(900));
            assertEquals(0.75, h.factor(A).value());
            h.run(Duration.ofMillis(100));
            assertEquals(1.0, h.factor(A).value());
            assertEquals("healthy", h.health(A).state());
        }
    }

    @Test
    void slowStartDefaultsToFourIntervals() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService(
                "health-check { interval = 3s, timeout = 1s, unhealthy-threshold = 1, healthy-threshold = 1 }",
                target(A)))) {
            h.type.setAll((t, s) -> REFUSED);
            h.tick();
            h.type.setAll((t, s) -> CONNECTED);
            h.run(Duration.ofSeconds(3));
            // 4 x 3s = 12s: a third of it (4s) at each of 25%, 50%, 75%
            assertEquals("slow start 25%: healthy again 0s ago, full weight in 12s", h.factor(A).reason());
            h.run(Duration.ofMillis(3900));
            assertEquals(0.25, h.factor(A).value());
            h.run(Duration.ofMillis(100));
            assertEquals(0.5, h.factor(A).value());
            h.run(Duration.ofSeconds(8));
            assertEquals(1.0, h.factor(A).value());
        }
    }

    @Test
    void slowStartZeroGivesFullWeightOnRecovery() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService(
                "health-check { interval = 1s, unhealthy-threshold = 1, healthy-threshold = 1, slow-start = 0s }",
                target(A)))) {
            h.type.setAll((t, s) -> REFUSED);
            h.tick();
            assertEquals(0.0, h.factor(A).value());
            h.type.setAll((t, s) -> CONNECTED);
            h.run(Duration.ofSeconds(1));
            assertEquals(new WeightFactor(1, FactorKind.AVAILABILITY, "healthy (connected, 3 ms)"), h.factor(A));
        }
    }

    @Test
    void typeNoneTurnsChecksOffForOneTarget() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService("health-check { interval = 1s }",
                target(A), target(B, "health-check { type = none }")))) {
            h.type.setAll((t, s) -> REFUSED);
            h.tick();
            h.run(Duration.ofSeconds(5));
            assertEquals(0, h.type.callsTo(Endpoint.parse(B)));
            assertEquals(new WeightFactor(1, FactorKind.AVAILABILITY, "health checks off (type = none)"),
                    h.factor(B));
            assertEquals(0.0, h.factor(A).value());
            assertTrue(h.checker.health("web", Endpoint.parse(B)).isEmpty());
        }
    }

    @Test
    void targetsOfOtherTypesOrWithoutChecksAreLeftAlone() {
        String hocon = """
                services = [
                  { name = web, health-check { type = http }, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                  { name = db, targets = [ { ip = "198.18.1.3", port = 5432 } ] }
                ]
                """;
        try (CheckerHarness h = new CheckerHarness(dir, hocon)) {
            h.tick();
            assertEquals(0, h.type.calls.size());
            assertEquals("type http is not checked by health-test", h.factor(A).reason());
            assertEquals("no health-check configured", h.factor("198.18.1.3:5432").reason());
        }
    }

    @Test
    void perTargetBlockOverridesTheServiceFieldByField() {
        try (CheckerHarness h = new CheckerHarness(dir, oneService(
                "health-check { interval = 10s, timeout = 1s, unhealthy-threshold = 3 }",
                target(A), target(B, "health-check { interval = 2s, unhealthy-threshold = 1 }")))) {
            h.type.setAll((t, s) -> REFUSED);
            h.tick();
            assertTrue(h.health(A).healthy(), "A needs 3 failures");
            assertFalse(h.health(B).healthy(), "B's own threshold is 1");
            h.run(Duration.ofSeconds(20));
            assertEquals(3, h.type.callsTo(Endpoint.parse(A)), "t = 0, 10, 20 s");
            assertEquals(11, h.type.callsTo(Endpoint.parse(B)), "every 2 s for 20 s");
            HealthCheckSettings bSettings = settingsSeenBy(h, B);
            assertEquals(Duration.ofSeconds(1), bSettings.timeout(), "B inherits the service's timeout");
            assertEquals(Duration.ofSeconds(2), bSettings.interval());
        }
    }

    private static HealthCheckSettings settingsSeenBy(CheckerHarness h, String endpoint) {
        HealthCheckSettings[] seen = new HealthCheckSettings[1];
        h.type.set(Endpoint.parse(endpoint), (t, s) -> {
            seen[0] = s;
            return CONNECTED;
        });
        h.run(Duration.ofSeconds(2));
        return seen[0];
    }
}
