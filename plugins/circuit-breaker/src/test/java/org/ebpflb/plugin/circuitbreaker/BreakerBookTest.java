package org.ebpflb.plugin.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.event.CircuitStateChanged;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.RecordingEventBus;
import org.ebpflb.testkit.StaticServiceModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakerBookTest {
    private static final Duration TICK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingEventBus events = new RecordingEventBus();
    private final CountingStats stats = new CountingStats();
    private final AtomicInteger reconciles = new AtomicInteger();
    private final List<Endpoint> backends = new ArrayList<>();
    private BreakerBook book;
    private StaticServiceModel model;

    /** Four backends of service web; the block's keys over the reference defaults. */
    private void watch(String block) {
        StringBuilder targets = new StringBuilder();
        for (Endpoint e : backends) {
            targets.append("{ ip = \"").append(e.address().getHostAddress()).append("\", port = ").append(e.port())
                    .append(" }\n");
        }
        model = HoconModels.model(dir, "services = [ { name = web, circuit-breaker { " + block + " }, targets = [\n"
                + targets + "] }, { name = other, targets = [ { ip = \"198.18.9.9\", port = 80 } ] } ]");
        BreakerConfig config = BreakerConfig.read(ConfigFactory.parseURL(getClass().getResource("/reference.conf"))
                .resolve().getConfig("lb.plugins.circuit-breaker")).config().orElseThrow();
        book.sync(model, config.breakers(model));
    }

    @BeforeEach
    void setUp() {
        for (int i = 1; i <= 4; i++) {
            backends.add(Endpoint.parse("198.18.1.1" + i + ":8080"));
            stats.connections(backends.get(i - 1), 0, 0); // installed: zero counters
        }
        book = new BreakerBook(clock, events, reconciles::incrementAndGet);
    }

    private Target target(int i) {
        return model.targets().stream().filter(t -> t.endpoint().equals(backends.get(i))).findFirst().orElseThrow();
    }

    private WeightFactor factor(int i) {
        return book.factor(target(i));
    }

    private void tick() {
        clock.advance(TICK);
        book.check(stats);
    }

    private List<String> transitions() {
        return events.published(CircuitStateChanged.class).stream()
                .map(e -> e.target().toString().substring(9) + " " + e.state()).toList();
    }

    @Test
    void aTargetAnsweringRstOpensHalfOpensAtItsFactorAndClosesAfterSuccesses() {
        watch("window = 5s, open-duration = 10s, success-threshold = 5");
        tick(); // the baseline reading
        stats.connections(backends.get(0), 6, 6);
        tick();
        assertEquals("closed: 6 attempts in 5s (fewer than 10 are not judged)", factor(0).reason());
        stats.connections(backends.get(0), 6, 6);
        tick();
        assertEquals(0, factor(0).value());
        assertEquals(FactorKind.AVAILABILITY, factor(0).kind());
        assertEquals("open: 100% errors (12 of 12) in 5s above 50%; half-open in 10s", factor(0).reason());
        assertEquals(List.of("11:8080 open"), transitions());
        assertTrue(reconciles.get() > 0, "a transition asks for new tables");

        for (int i = 0; i < 9; i++) {
            tick();
        }
        assertEquals(0, factor(0).value(), "still open 9s later");
        tick();
        assertEquals(0.1, factor(0).value(), 1e-9);
        assertEquals("half-open: 0 of 5 successes", factor(0).reason());
        stats.connections(backends.get(0), 3, 0);
        tick();
        assertEquals("half-open: 3 of 5 successes", factor(0).reason());
        stats.connections(backends.get(0), 1, 1);
        tick();
        assertEquals(0, factor(0).value(), "one failure re-opens");
        for (int i = 0; i < 10; i++) {
            tick();
        }
        stats.connections(backends.get(0), 5, 0);
        tick();
        assertEquals(1, factor(0).value());
        assertEquals(List.of("11:8080 open", "11:8080 half-open", "11:8080 open", "11:8080 half-open",
                "11:8080 closed"), transitions());
        assertEquals(1, factor(1).value(), "the healthy peers never moved");
        assertEquals("no circuit-breaker block", book.factor(model.targets().stream()
                .filter(t -> t.service().equals("other")).findFirst().orElseThrow()).reason());
    }

    @Test
    void theThresholdMustBeExceededAndOldFailuresSlideOut() {
        watch("window = 3s");
        tick();
        stats.connections(backends.get(0), 20, 10);
        tick();
        assertEquals(1, factor(0).value(), "exactly 50% does not exceed 50%");
        assertEquals("closed: 50% errors (10 of 20) in 3s", factor(0).reason());
        tick();
        tick();
        stats.connections(backends.get(0), 10, 5);
        tick();
        assertEquals("closed: 50% errors (5 of 10) in 3s", factor(0).reason(), "the first 20 left the 3s window");
        stats.connections(backends.get(0), 2, 2);
        tick();
        assertEquals("open: 58% errors (7 of 12) in 3s above 50%; half-open in 30s", factor(0).reason());
        assertEquals(List.of("11:8080 open"), transitions());
    }

    @Test
    void neverMoreThanMaxEjectionPctOfAGroupIsOut() {
        watch("max-ejection-pct = 50");
        tick();
        for (int i = 0; i < 4; i++) {
            stats.connections(backends.get(i), 20, 20 - i); // 0 fails most
        }
        tick();
        assertEquals(List.of("11:8080 open", "12:8080 open"), transitions(), "2 of 4, worst first");
        assertEquals(1, factor(2).value());
        assertEquals("closed: would open (90% errors (18 of 20) in 10s above 50%), but 2 of 4 targets of group "
                + "default are already out (max-ejection-pct 50)", factor(2).reason());
    }

    @Test
    void atLeastOneTargetMayOpenWhateverTheCap() {
        watch("max-ejection-pct = 0");
        tick();
        stats.connections(backends.get(3), 20, 20);
        tick();
        assertEquals(List.of("14:8080 open"), transitions());
    }

    @Test
    void forcedStatesHoldUntilResetAndShowAsForced() {
        watch("");
        assertEquals(Map.of("target", "198.18.1.12:8080", "state", "open", "forced", true, "error-rate-pct", 0.0,
                        "attempts", 0L, "failures", 0L, "factor", 0.0, "reason", "forced open"),
                book.command("web", backends.get(1), Command.OPEN).orElseThrow());
        book.command("web", backends.get(0), Command.CLOSE);
        tick();
        stats.connections(backends.get(0), 50, 50);
        tick();
        assertEquals(1, factor(0).value(), "forced closed ignores errors");
        assertEquals("forced closed", factor(0).reason());
        book.command("web", backends.get(0), Command.RESET);
        assertEquals("closed: 0 attempts in 10s (fewer than 10 are not judged)", factor(0).reason());
        assertEquals(List.of("12:8080 open", "11:8080 closed", "11:8080 closed"), transitions());
        assertEquals(List.of("forced open by an operator", "forced closed by an operator", "reset by an operator"),
                events.published(CircuitStateChanged.class).stream().map(CircuitStateChanged::reason).toList());
        assertTrue(book.command("web", Endpoint.parse("198.18.7.7:80"), Command.OPEN).isEmpty());
    }

    @Test
    void healthProbeResultsCountAsAttempts() {
        watch("min-requests = 3");
        tick();
        for (int i = 0; i < 3; i++) {
            book.probed(new HealthProbeCompleted(clock.instant(), "web", backends.get(2), "tcp", false,
                    Duration.ofMillis(1), "connect refused"));
        }
        book.probed(new HealthProbeCompleted(clock.instant(), "other", Endpoint.parse("198.18.9.9:80"), "tcp", false,
                Duration.ofMillis(1), "connect refused"));
        tick();
        assertEquals(List.of("13:8080 open"), transitions());
    }

    @Test
    void aReloadKeepsCircuitsOfRemainingTargetsAndDropsTheOthers() {
        watch("");
        book.command("web", backends.get(0), Command.OPEN);
        backends.remove(3);
        watch("");
        assertEquals(0, factor(0).value(), "kept across the reload");
        assertEquals(3, book.snapshot().get("web").size());
    }
}
