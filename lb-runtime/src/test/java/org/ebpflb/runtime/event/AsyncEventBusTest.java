package org.ebpflb.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.event.ConfigRejected;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.LbEvent;
import org.junit.jupiter.api.Test;

class AsyncEventBusTest {
    @Test
    void deliversInPublicationOrderOnOneThreadFilteredByType() throws Exception {
        try (AsyncEventBus bus = new AsyncEventBus()) {
            List<String> all = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            List<String> reloads = new CopyOnWriteArrayList<>();
            bus.subscribe(LbEvent.class, e -> {
                all.add(((ConfigReloaded) e).source());
                threads.add(Thread.currentThread().getName());
            });
            bus.subscribe(ConfigReloaded.class, e -> reloads.add(e.source()));
            bus.subscribe(ConfigRejected.class, e -> reloads.add("rejected?"));

            for (int i = 0; i < 100; i++) {
                bus.publish(new ConfigReloaded(Instant.EPOCH, "f" + i, List.of()));
            }

            assertTrue(bus.awaitIdle(5_000));
            assertEquals(100, all.size());
            for (int i = 0; i < 100; i++) {
                assertEquals("f" + i, all.get(i));
            }
            assertEquals(all, reloads);
            assertEquals(List.of("lb-events"), threads.stream().distinct().toList());
        }
    }

    @Test
    void aHeldBusKeepsEventsUntilReleasedSoLaterSubscribersSeeThem() throws Exception {
        try (AsyncEventBus bus = AsyncEventBus.held()) {
            List<String> early = new CopyOnWriteArrayList<>();
            List<String> late = new CopyOnWriteArrayList<>();
            bus.subscribe(ConfigReloaded.class, e -> early.add(e.source()));
            bus.publish(new ConfigReloaded(Instant.EPOCH, "a", List.of()));   // a plugin started first publishes
            bus.subscribe(ConfigReloaded.class, e -> late.add(e.source()));   // a plugin started after it subscribes
            assertFalse(bus.awaitIdle(200), "nothing is delivered while held");
            assertEquals(List.of(), early);

            bus.release();
            bus.publish(new ConfigReloaded(Instant.EPOCH, "b", List.of()));

            assertTrue(bus.awaitIdle(5_000));
            assertEquals(List.of("a", "b"), early);
            assertEquals(List.of("a", "b"), late);
        }
    }

    @Test
    void throwingSubscriberNeitherReachesThePublisherNorStopsOthers() throws Exception {
        try (AsyncEventBus bus = new AsyncEventBus()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            bus.subscribe(ConfigReloaded.class, e -> {
                throw new IllegalStateException("subscriber bug");
            });
            bus.subscribe(ConfigReloaded.class, e -> seen.add(e.source()));

            bus.publish(new ConfigReloaded(Instant.EPOCH, "a", List.of()));
            bus.publish(new ConfigReloaded(Instant.EPOCH, "b", List.of()));

            assertTrue(bus.awaitIdle(5_000));
            assertEquals(List.of("a", "b"), seen);
        }
    }

    @Test
    void publishDoesNotWaitForASlowSubscriberAndAFullQueueDrops() throws Exception {
        try (AsyncEventBus bus = new AsyncEventBus(4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            bus.subscribe(ConfigReloaded.class, e -> {
                started.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            bus.publish(new ConfigReloaded(Instant.EPOCH, "first", List.of()));
            assertTrue(started.await(5, TimeUnit.SECONDS));

            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                bus.publish(new ConfigReloaded(Instant.EPOCH, "queued" + i, List.of()));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis < 1_000, "publishing took " + millis + " ms");
            assertEquals(6, bus.dropped(), "4 fit in the queue, 6 are dropped");
            release.countDown();
            assertTrue(bus.awaitIdle(5_000));
        }
    }

    @Test
    void unsubscribedConsumerGetsNothingMore() throws Exception {
        try (AsyncEventBus bus = new AsyncEventBus()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            AutoCloseable handle = bus.subscribe(ConfigReloaded.class, e -> seen.add(e.source()));
            bus.publish(new ConfigReloaded(Instant.EPOCH, "a", List.of()));
            assertTrue(bus.awaitIdle(5_000));

            handle.close();
            bus.publish(new ConfigReloaded(Instant.EPOCH, "b", List.of()));
            assertTrue(bus.awaitIdle(5_000));

            assertEquals(List.of("a"), seen);
        }
    }
}
