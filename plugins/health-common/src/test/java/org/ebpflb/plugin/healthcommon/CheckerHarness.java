package org.ebpflb.plugin.healthcommon;

import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;

/** A checker on a manual clock with a scripted probe type named "tcp", stepped by the test. */
final class CheckerHarness implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(100);
    static final Config DEFAULTS = ConfigFactory.parseString("""
            interval = 1s, timeout = 500ms, healthy-threshold = 2, unhealthy-threshold = 3,
            initial-state = healthy, jitter = 0""");

    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final ScriptedProbeType type = new ScriptedProbeType("tcp", clock,
            (t, s) -> ProbeResult.success(Duration.ofMillis(3), "connected"));
    final TestPluginContext context;
    final HealthChecker checker;
    private final Path dir;

    CheckerHarness(Path dir, String hocon) {
        this(dir, hocon, DEFAULTS, 7);
    }

    CheckerHarness(Path dir, String hocon, Config defaults, long seed) {
        this.dir = dir;
        this.context = new TestPluginContext(ConfigFactory.empty(), HoconModels.model(dir, hocon), clock);
        this.checker = new HealthChecker(context, "health-test", List.of(type), defaults, TICK,
                new SplittableRandom(seed));
    }

    /** Replaces the model as a reload would. */
    void reload(String hocon) {
        context.setModel(HoconModels.model(dir, hocon));
    }

    void reload(StaticServiceModel model) {
        context.setModel(model);
    }

    /** Ticks at the current time and waits for the probes it started to finish and publish. */
    void tick() {
        checker.tick(clock.instant());
        await(this::idle, "probes to finish");
    }

    /** Advances the clock by whole ticks up to {@code d}, ticking and settling each time. */
    void run(Duration d) {
        for (long i = 0; i < d.dividedBy(TICK); i++) {
            clock.advance(TICK);
            tick();
        }
    }

    /** @return whether no probe is in flight and every counted probe's event is out */
    boolean idle() {
        long counted = 0;
        for (Target t : context.model().targets().stream().filter(distinctBackends()).toList()) {
            TargetHealth h = checker.health(t.service(), t.endpoint()).orElse(null);
            if (h != null) {
                if (h.probing()) {
                    return false;
                }
                counted += h.probes();
            }
        }
        return probes().size() >= counted;
    }

    private static java.util.function.Predicate<Target> distinctBackends() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return t -> seen.add(t.service() + " " + t.endpoint());
    }

    Target target(String endpoint) {
        Endpoint e = Endpoint.parse(endpoint);
        return context.model().targets().stream().filter(t -> t.endpoint().equals(e)).findFirst().orElseThrow();
    }

    WeightFactor factor(String endpoint) {
        return checker.factor(target(endpoint));
    }

    TargetHealth health(String endpoint) {
        Target t = target(endpoint);
        return checker.health(t.service(), t.endpoint()).orElseThrow();
    }

    List<HealthProbeCompleted> probes() {
        return context.events().published(HealthProbeCompleted.class);
    }

    List<TargetHealthChanged> changes() {
        return context.events().published(TargetHealthChanged.class);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public void close() {
        checker.stop();
        context.close();
    }
}
