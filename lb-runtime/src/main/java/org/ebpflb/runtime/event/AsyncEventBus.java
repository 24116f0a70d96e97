package org.ebpflb.runtime.event;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.LbEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's event bus: publishers enqueue and return at once; one delivery thread hands each event to every
 * matching subscriber in publication order. A subscriber that throws is logged and the others still get the event.
 * The queue is bounded so a stuck subscriber cannot exhaust memory; events beyond it are dropped and counted.
 * A bus made {@link #held()} queues events until {@link #release()}: the runtime releases it once every plugin has
 * started, so a plugin sees the events of plugins started before it (a metrics plugin, the first DNS answers).
 */
public final class AsyncEventBus implements EventBus, AutoCloseable {
    /** Default queue capacity: minutes of health-probe events for thousands of targets. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final Logger log = LoggerFactory.getLogger(AsyncEventBus.class);

    /** Holds events and, for {@link #awaitIdle}, latches the delivery thread counts down when it reaches them. */
    private final BlockingQueue<Object> queue;
    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final CountDownLatch released;
    private final Thread delivery;
    private volatile boolean closed;

    /** Starts the delivery thread with {@link #DEFAULT_CAPACITY}. */
    public AsyncEventBus() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity how many undelivered events may wait */
    public AsyncEventBus(int capacity) {
        this(capacity, false);
    }

    private AsyncEventBus(int capacity, boolean held) {
        queue = new LinkedBlockingQueue<>(capacity);
        released = new CountDownLatch(held ? 1 : 0);
        delivery = Thread.ofPlatform().name("lb-events").daemon(true).start(this::deliverLoop);
    }

    /** @return a bus with {@link #DEFAULT_CAPACITY} that queues events until {@link #release()} */
    public static AsyncEventBus held() {
        return new AsyncEventBus(DEFAULT_CAPACITY, true);
    }

    /** Starts delivering, beginning with the events queued while the bus was held. */
    public void release() {
        released.countDown();
    }

    @Override
    public void publish(LbEvent event) {
        if (closed) {
            log.debug("event bus closed, dropping {}", event);
            return;
        }
        if (queue.offer(event)) {
            if (dropping.compareAndSet(true, false)) {
                log.info("event bus accepts events again ({} dropped so far)", dropped.get());
            }
        } else {
            dropped.incrementAndGet();
            if (dropping.compareAndSet(false, true)) {
                log.warn("event bus queue full: a subscriber is too slow; dropping events until it catches up");
            }
        }
    }

    @Override
    public <T extends LbEvent> AutoCloseable subscribe(Class<T> type, Consumer<? super T> subscriber) {
        Subscription<T> s = new Subscription<>(type, subscriber);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    /** @return events dropped because the queue was full */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Waits until every event published so far has been delivered (for shutdown and tests).
     *
     * @param timeoutMillis how long to wait at most
     * @return whether the queue drained in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CountDownLatch reached = new CountDownLatch(1);
        if (!queue.offer(reached, timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        return reached.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void deliverLoop() {
        try {
            released.await();
        } catch (InterruptedException e) {
            return;
        }
        while (!closed || !queue.isEmpty()) {
            Object item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // close() interrupts; the loop condition decides
            }
            if (item instanceof CountDownLatch reached) {
                reached.countDown();
            } else if (item instanceof LbEvent event) {
                for (Subscription<?> s : subscriptions) {
                    s.offer(event);
                }
            }
        }
    }

    /** Stops accepting events, delivers what is queued (for up to a second) and ends the delivery thread. */
    @Override
    public void close() {
        closed = true;
        release();
        try {
            delivery.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.interrupt();
    }

    private record Subscription<T extends LbEvent>(Class<T> type, Consumer<? super T> subscriber) {
        void offer(LbEvent event) {
            if (!type.isInstance(event)) {
                return;
            }
            try {
                subscriber.accept(type.cast(event));
            } catch (RuntimeException | LinkageError e) {
                log.warn("event subscriber {} failed on {}", subscriber, event.getClass().getSimpleName(), e);
            }
        }
    }
}
