package org.ebpflb.plugin.accesslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ebpflb.api.event.ConnectionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between the event bus and the disk, and the one thread that drains it: {@link #offer} never
 * waits (a full queue drops the event and counts it), so a slow disk slows only this thread. A failing write is
 * counted and logged once per failure streak; the writer carries on with the next line.
 */
final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final Duration IDLE = Duration.ofMillis(200);

    private final BlockingQueue<ConnectionEvent> queue;
    private final LineSink sink;
    private final boolean opened;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile String lastError = "";

    /**
     * @param sink where lines go; closed with the writer
     * @param capacity events that may wait
     * @param opened whether opened events get a line too
     */
    AccessLogWriter(LineSink sink, int capacity, boolean opened) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.opened = opened;
        this.thread = Thread.ofPlatform().name("access-log").daemon(true).start(this::run);
    }

    /** @param e an event from the bus; returns at once */
    void offer(ConnectionEvent e) {
        if (e.kind() == ConnectionEvent.Kind.OPENED && !opened) {
            return;
        }
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        boolean failing = false;
        while (true) {
            try {
                ConnectionEvent e = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                if (e != null) {
                    sink.write((LogLine.of(e) + "\n").getBytes(StandardCharsets.UTF_8));
                    written.incrementAndGet();
                }
                if (queue.isEmpty()) {
                    sink.flush();
                    if (closing) {
                        return;
                    }
                }
                failing = false;
            } catch (IOException | RuntimeException ex) {
                failed.incrementAndGet();
                lastError = ex.toString();
                if (!failing) {
                    LOG.warn("access-log: writing failed (counted in status until it works again): {}", lastError);
                }
                failing = true;
                if (closing && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    /** @return the status section */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("written", written.get());
        m.put("dropped", dropped.get());
        m.put("queued", queue.size());
        m.put("failed", failed.get());
        m.put("rotations", sink.rotations());
        if (!lastError.isEmpty()) {
            m.put("last-error", lastError);
        }
        return m;
    }

    /** Writes what is queued, then stops the thread and closes the sink. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
