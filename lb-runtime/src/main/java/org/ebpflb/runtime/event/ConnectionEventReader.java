package org.ebpflb.runtime.event;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ebpflb.api.dataplane.spi.ConnectionEvents;
import org.ebpflb.api.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the data plane's connection events: a thread of its own takes them out of the kernel's buffer and
 * publishes them on the event bus, so neither the packet path nor the bus's subscribers wait for each other. What the
 * kernel could not buffer is counted there ({@link ConnectionEvents#dropped()}), what the bus could not queue by the
 * bus.
 */
public final class ConnectionEventReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEventReader.class);
    /**
     * How long one poll waits for a wake-up before taking what is there: the longest an event waits in a quiet ring,
     * and how long closing waits for the thread. The kernel wakes the reader earlier once a quarter of its ring is
     * full.
     */
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConnectionEvents port;
    private final EventBus bus;
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts reading.
     *
     * @param port the data plane's connection events
     * @param bus where they go
     */
    public ConnectionEventReader(ConnectionEvents port, EventBus bus) {
        this.port = port;
        this.bus = bus;
        this.thread = Thread.ofPlatform().name("lb-connection-events").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                port.poll(POLL, e -> {
                    bus.publish(e);
                    published.incrementAndGet();
                });
            } catch (RuntimeException e) {
                LOG.warn("reading connection events failed; retrying: {}", e.toString());
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * The status section "connection events", as plain values: {@code sent} by the data plane since its maps were
     * created, {@code dropped} there because the buffer was full (the reader fell behind), {@code published} on the
     * bus by this reader since it started.
     *
     * @return the figures
     */
    public Map<String, Long> status() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sent", port.sent());
        m.put("dropped", port.dropped());
        m.put("published", published.get());
        return m;
    }

    /** Stops the thread; returns once it no longer touches the data plane's buffer. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
