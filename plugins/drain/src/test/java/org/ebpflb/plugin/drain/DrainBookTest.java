package org.ebpflb.plugin.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.event.DrainCancelled;
import org.ebpflb.api.event.DrainCompleted;
import org.ebpflb.api.event.DrainStarted;
import org.ebpflb.api.event.DrainTimedOut;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.RecordingEventBus;
import org.ebpflb.testkit.StaticServiceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainBookTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Endpoint B1 = Endpoint.parse("198.18.1.11:8080");
    private static final Endpoint B2 = Endpoint.parse("198.18.1.12:8080");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingEventBus events = new RecordingEventBus();
    private final FakeDataPlane dataPlane = new FakeDataPlane();
    private final AtomicInteger reconciles = new AtomicInteger();

    private DrainBook book() {
        return new DrainBook(clock, events, Optional.of(dataPlane), Optional.of(dataPlane),
                reconciles::incrementAndGet, INTERVAL);
    }

    private StaticServiceModel model(Endpoint... targets) {
        StringBuilder t = new StringBuilder();
        for (Endpoint e : targets) {
            t.append("{ ip = \"").append(e.address().getHostAddress()).append("\", port = ").append(e.port())
                    .append(" }\n");
        }
        return HoconModels.model(dir, "services = [ { name = web, targets = [\n" + t + "] } ]");
    }

    private Target target(Endpoint e) {
        return model(e).targets().get(0);
    }

    private void tick(DrainBook book, Duration step) {
        clock.advance(step);
        book.check(dataPlane);
    }

    @Test
    void aDrainedTargetIsOutAtOnceAndCompletesWhenItsLastConnectionCloses() {
        DrainBook book = book();
        dataPlane.active("web", B1, 20);
        DrainBook.Started started = book.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        assertTrue(started.created());
        assertTrue(started.kept());
        assertEquals(1, reconciles.get(), "a drain asks for new tables at once");
        WeightFactor out = book.factor(target(B1));
        assertEquals(0, out.value());
        assertEquals(FactorKind.ADMINISTRATIVE, out.kind());
        assertEquals("draining: not checked yet, 0s of 30s", out.reason());
        assertEquals(1, book.factor(target(B2)).value(), "other targets are untouched");
        assertEquals(List.of(new DrainStarted(clock.instant(), "web", B1, Duration.ofSeconds(30))),
                events.published(DrainStarted.class));
        assertEquals(1, dataPlane.kept.size(), "kept beside the pinned state");

        tick(book, Duration.ofMillis(500));
        assertEquals(-1, book.find("web", B1).orElseThrow().active(), "not checked within the first interval");
        tick(book, Duration.ofMillis(500));
        assertEquals("draining: 20 active, 1s of 30s", book.factor(target(B1)).reason());
        dataPlane.active("web", B1, 0);
        tick(book, Duration.ofMillis(1500));
        Drain done = book.find("web", B1).orElseThrow();
        assertEquals(DrainState.COMPLETED, done.state());
        assertEquals("drained: completed after 2500ms", book.factor(target(B1)).reason());
        assertEquals(0, book.factor(target(B1)).value(), "a completed drain keeps the target out");
        assertEquals(List.of(new DrainCompleted(clock.instant(), "web", B1)), events.published(DrainCompleted.class));
        tick(book, INTERVAL);
        assertEquals(1, events.published(DrainCompleted.class).size(), "completion is reported once");
    }

    @Test
    void atTheTimeoutKeepLeavesConnectionsAndResetForgetsThem() {
        DrainBook book = book();
        dataPlane.active("web", B1, 4);
        dataPlane.active("web", B2, 3);
        book.start("web", B1, Duration.ofSeconds(3), OnTimeout.KEEP);
        book.start("web", B2, Duration.ofSeconds(3), OnTimeout.RESET);
        for (int i = 0; i < 2; i++) {
            tick(book, INTERVAL);
        }
        assertEquals(DrainState.DRAINING, book.find("web", B1).orElseThrow().state());
        tick(book, INTERVAL);
        assertEquals(DrainState.TIMEOUT, book.find("web", B1).orElseThrow().state());
        assertEquals("drained: timed out after 3s with 4 active, kept", book.factor(target(B1)).reason());
        assertEquals("drained: timed out after 3s with 3 active, 7 flows reset", book.factor(target(B2)).reason());
        assertEquals(List.of(B2), dataPlane.forgotten, "only the reset drain forgets flows");
        assertEquals(List.of(new DrainTimedOut(clock.instant(), "web", B1, 4),
                new DrainTimedOut(clock.instant(), "web", B2, 3)), events.published(DrainTimedOut.class));
        tick(book, INTERVAL);
        assertEquals(1, dataPlane.forgotten.size(), "a timed-out drain resets once");
    }

    @Test
    void undrainCancelsADrainInProgressAndLetsTheTargetBackIn() {
        DrainBook book = book();
        dataPlane.active("web", B1, 2);
        book.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        Drain ended = book.end("web", B1, "undrained").orElseThrow();
        assertEquals(DrainState.DRAINING, ended.state());
        assertEquals(1, book.factor(target(B1)).value());
        assertTrue(dataPlane.kept.isEmpty());
        assertEquals(List.of(new DrainCancelled(clock.instant(), "web", B1, "undrained")),
                events.published(DrainCancelled.class));
        assertEquals(Optional.empty(), book.end("web", B1, "undrained"), "undraining twice finds nothing");
    }

    @Test
    void drainingAgainChangesNothing() {
        DrainBook book = book();
        book.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        clock.advance(Duration.ofSeconds(5));
        DrainBook.Started again = book.start("web", B1, Duration.ofSeconds(5), OnTimeout.RESET);
        assertFalse(again.created());
        assertEquals(Duration.ofSeconds(30), again.drain().timeout());
        assertEquals(1, events.published(DrainStarted.class).size());
    }

    @Test
    void aRestartResumesKeptDrainsAndTheFirstCheckSettlesThem() {
        DrainBook first = book();
        dataPlane.active("web", B1, 5);
        dataPlane.active("web", B2, 5);
        first.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        first.start("web", B2, Duration.ofSeconds(2), OnTimeout.RESET);

        clock.advance(Duration.ofSeconds(10)); // the control plane was down meanwhile
        DrainBook second = book();
        assertEquals(2, second.restore());
        assertEquals(0, second.factor(target(B1)).value(), "out before the first check");
        tick(second, Duration.ZERO);
        assertEquals(DrainState.DRAINING, second.find("web", B1).orElseThrow().state());
        assertEquals(Duration.ofSeconds(10), second.find("web", B1).orElseThrow().elapsed(clock.instant()),
                "elapsed counts from the original start");
        assertEquals(DrainState.TIMEOUT, second.find("web", B2).orElseThrow().state(),
                "a deadline that passed while down is found at the first check");
        assertEquals(List.of(B2), dataPlane.forgotten);
    }

    @Test
    void aDrainedTargetRemovedFromTheConfigurationEndsItsDrain() {
        DrainBook book = book();
        book.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        book.start("web", B2, Duration.ofSeconds(30), OnTimeout.KEEP);
        book.sync(model(B2));
        assertTrue(book.find("web", B1).isEmpty());
        assertTrue(book.find("web", B2).isPresent());
        assertEquals(List.of(new DrainCancelled(clock.instant(), "web", B1, "target removed from the configuration")),
                events.published(DrainCancelled.class));
        assertEquals(List.of("web/" + B2), List.copyOf(dataPlane.kept.keySet()));
    }

    @Test
    void aDrainThatCannotBeKeptStillRunsAndSaysSo() {
        dataPlane.full = true;
        DrainBook book = book();
        DrainBook.Started started = book.start("web", B1, Duration.ofSeconds(30), OnTimeout.KEEP);
        assertFalse(started.kept());
        assertEquals(0, book.factor(target(B1)).value());
        assertEquals(false, book.snapshot().get(0).get("kept-across-restart"));
    }

    @Test
    void withoutADrainStoreOrCountersDrainsRunInMemoryAndWait() {
        DrainBook book = new DrainBook(clock, events, Optional.empty(), Optional.empty(), () -> { }, INTERVAL);
        assertFalse(book.survivesRestart());
        book.start("web", B1, Duration.ofSeconds(2), OnTimeout.RESET);
        tick(book, Duration.ofSeconds(5));
        assertEquals(DrainState.DRAINING, book.find("web", B1).orElseThrow().state(),
                "a target the data plane has no counters for is not judged");
        dataPlane.active("web", B1, 1);
        tick(book, INTERVAL);
        Drain d = book.find("web", B1).orElseThrow();
        assertEquals(DrainState.TIMEOUT, d.state());
        assertEquals(0, d.reset(), "no flow table: nothing to forget");
        assertEquals(List.<DrainStore.Entry>of(), dataPlane.entries());
    }
}
