package org.ebpflb.plugin.healthcommon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When probes start: jitter, the first probe, and never two at once for one target. */
class SchedulingTest {
    private static final String ONE_TARGET = """
            services = [ { name = web, health-check { interval = 1s, timeout = 500ms },
                           targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
            """;
    private static final Endpoint A = Endpoint.parse("198.18.1.2:80");

    @TempDir
    Path dir;

    @Test
    void jitterSpreadsIntervalsUniformlyWithinTenPercent() {
        var defaults = ConfigFactory.parseString("jitter = 0.1").withFallback(CheckerHarness.DEFAULTS);
        int intervals = 1000;
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET, defaults, 20250101)) {
            Instant boot = h.clock.instant();
            h.tick();
            while (h.type.calls.size() <= intervals) {
                h.run(CheckerHarness.TICK);
            }
            List<Instant> starts = h.type.calls.stream().map(ScriptedProbeType.Call::at).toList();
            assertTrue(Duration.between(boot, starts.get(0)).compareTo(Duration.ofSeconds(1)) < 0,
                    "the first probe comes within the first interval");

            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i <= intervals; i++) {
                gaps.add(Duration.between(starts.get(i - 1), starts.get(i)).toNanos() / 1e9);
            }
            double tick = CheckerHarness.TICK.toNanos() / 1e9;
            double min = gaps.stream().mapToDouble(d -> d).min().orElseThrow();
            double max = gaps.stream().mapToDouble(d -> d).max().orElseThrow();
            assertTrue(min >= 0.9 - tick && max <= 1.1 + tick, "every gap within 1s +-10% (+- one tick): " + min
                    + " .. " + max);
            double mean = gaps.stream().mapToDouble(d -> d).average().orElseThrow();
            assertEquals(1.0, mean, 0.006, "due times chain from due times, so the mean stays at the interval");
            double variance = gaps.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / (gaps.size() - 1);
            // uniform on +-100 ms has a standard deviation of 57.7 ms; ticks add up to ~40 ms of rounding noise
            double sd = Math.sqrt(variance);
            assertTrue(sd > 0.045 && sd < 0.085, "spread looks uniform on +-10%: sd " + sd);
            long short_ = gaps.stream().filter(g -> g <= 0.95).count();
            long long_ = gaps.stream().filter(g -> g >= 1.05).count();
            assertTrue(short_ > intervals / 10 && long_ > intervals / 10,
                    "both tails are used: " + short_ + " short, " + long_ + " long");
        }
    }

    @Test
    void withJitterFirstProbesSpreadOverTheFirstInterval() {
        StringBuilder targets = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            targets.append("{ ip = \"198.18.").append(i / 100).append('.').append(i % 100 + 1)
                    .append("\", port = 80 }\n");
        }
        String hocon = "services = [ { name = web, health-check { interval = 1s, timeout = 500ms }, targets = [\n"
                + targets + "] } ]";
        var defaults = ConfigFactory.parseString("jitter = 0.1").withFallback(CheckerHarness.DEFAULTS);
        try (CheckerHarness h = new CheckerHarness(dir, hocon, defaults, 42)) {
            Instant boot = h.clock.instant();
            h.tick();
            h.run(Duration.ofSeconds(1));
            java.util.Map<Endpoint, Long> first = new java.util.HashMap<>();
            h.type.calls.forEach(c -> first.putIfAbsent(c.target(), Duration.between(boot, c.at()).toMillis()));
            assertEquals(200, first.size(), "every target probed by the end of its first interval");
            long[] perTenth = new long[10];
            // the tick at k x 100 ms starts the probes due in the 100 ms before it
            first.values().forEach(ms -> perTenth[(int) Math.max(0, ms / 100 - 1)]++);
            for (long n : perTenth) {
                assertTrue(n >= 8 && n <= 35, "first probes spread evenly, about 20 per 100 ms: "
                        + java.util.Arrays.toString(perTenth));
            }
        }
    }

    @Test
    void withoutJitterProbesStartExactlyEveryInterval() {
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET)) {
            Instant boot = h.clock.instant();
            h.tick();
            h.run(Duration.ofSeconds(5));
            List<Instant> starts = h.type.calls.stream().map(ScriptedProbeType.Call::at).toList();
            assertEquals(6, starts.size());
            for (int i = 0; i < starts.size(); i++) {
                assertEquals(boot.plusSeconds(i), starts.get(i));
            }
        }
    }

    @Test
    void slowProbeIsFailedAtItsTimeoutAndNeverOverlapped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET)) {
            // a probe that ignores interrupts, the worst case for pile-up
            h.type.setAll((t, s) -> {
                while (true) {
                    try {
                        release.await();
                        return ProbeResult.success(Duration.ofSeconds(9), "late");
                    } catch (InterruptedException e) {
                        interrupts.incrementAndGet();
                    }
                }
            });
            h.checker.tick(h.clock.instant());
            CheckerHarness.await(() -> h.type.calls.size() == 1, "the probe to start");
            for (int i = 0; i < 50; i++) {
                h.clock.advance(CheckerHarness.TICK);
                h.checker.tick(h.clock.instant());
            }
            assertEquals(1, h.type.calls.size(), "one probe in 5 s: the target stays busy");
            TargetHealth health = h.checker.health("web", A).orElseThrow();
            assertTrue(health.probing());
            assertEquals(5, health.skipped(), "starts at 1..5 s were skipped");
            List<HealthProbeCompleted> probes = h.probes();
            assertEquals("timed out after 500ms", probes.get(0).reason(), "failed at timeout + one tick grace");
            assertEquals(Duration.ofMillis(600), probes.get(0).latency());
            assertEquals("skipped: previous probe still running 1s after it started", probes.get(1).reason());
            assertFalse(health.healthy(), "a hung probe counts as failures, so the target cannot stay healthy");
            CheckerHarness.await(() -> interrupts.get() > 0, "the overdue probe to be interrupted");

            release.countDown();
            CheckerHarness.await(() -> !h.checker.health("web", A).orElseThrow().probing(), "the probe to return");
            int events = h.probes().size();
            h.type.setAll((t, s) -> ProbeResult.success(Duration.ofMillis(2), "connected"));
            h.run(Duration.ofSeconds(1));
            assertEquals(2, h.type.calls.size(), "the next due start runs once the probe returned");
            assertEquals(List.of("connected"), h.probes().stream().skip(events).map(HealthProbeCompleted::reason)
                    .toList(), "the late result of the failed probe is dropped");
        }
    }

    @Test
    void interruptibleSlowProbeFreesTheTargetForTheNextInterval() {
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET)) {
            h.type.setAll((t, s) -> {
                Thread.sleep(60_000);
                return ProbeResult.success(Duration.ZERO, "never");
            });
            h.checker.tick(h.clock.instant());
            CheckerHarness.await(() -> h.type.calls.size() == 1, "the probe to start");
            for (int i = 0; i < 6; i++) {
                h.clock.advance(CheckerHarness.TICK);
                h.checker.tick(h.clock.instant());
            }
            CheckerHarness.await(() -> !h.checker.health("web", A).orElseThrow().probing(), "the interrupt");
            h.type.setAll((t, s) -> ProbeResult.success(Duration.ofMillis(2), "connected"));
            h.run(Duration.ofMillis(400));
            assertEquals(2, h.type.calls.size());
            TargetHealth health = h.checker.health("web", A).orElseThrow();
            assertEquals(0, health.skipped());
            assertEquals(List.of("timed out after 500ms", "connected"),
                    h.probes().stream().map(HealthProbeCompleted::reason).toList());
        }
    }

    @Test
    void probeThatThrowsCountsAsFailure() {
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET)) {
            h.type.setAll((t, s) -> {
                throw new IllegalStateException("boom");
            });
            h.tick();
            HealthProbeCompleted probe = h.probes().get(0);
            assertFalse(probe.success());
            assertEquals("probe error: java.lang.IllegalStateException: boom", probe.reason());
        }
    }

    @Test
    void stopCancelsProbesInFlightAndDropsTheirResults() {
        AtomicInteger interrupted = new AtomicInteger();
        try (CheckerHarness h = new CheckerHarness(dir, ONE_TARGET)) {
            h.type.setAll((t, s) -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    return ProbeResult.failure(Duration.ZERO, "interrupted");
                }
                return ProbeResult.success(Duration.ZERO, "never");
            });
            h.checker.tick(h.clock.instant());
            CheckerHarness.await(() -> h.type.calls.size() == 1, "the probe to start");
            h.checker.stop();
            CheckerHarness.await(() -> interrupted.get() == 1, "the probe to be interrupted");
            h.clock.advance(Duration.ofSeconds(5));
            h.checker.tick(h.clock.instant());
            assertEquals(1, h.type.calls.size());
            assertEquals(0, h.probes().size());
        }
    }
}
