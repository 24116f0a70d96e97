package org.ebpflb.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.runtime.view.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the event bus as server-sent events, one {@code event: <type>} with a JSON
 * {@code data:} line per event ({@code type}, {@code at} and the event's fields), optionally only the types named by
 * {@code ?type=A,B}. Each stream has its own bounded queue, filled by the bus's delivery thread without ever
 * waiting: a consumer that reads too slowly to keep it from filling is dropped, with a final {@code event: dropped}
 * that says so, and its connection is closed (interrupting the write after {@link #DEFAULT_GRACE} when the
 * consumer does not even read that). So a slow consumer costs at most its queue, never the runtime's pace.
 */
final class EventStream {
    /** The route. */
    static final String PATH = "/api/v1/events";
    /** Streams open at once at most, well below the admin API's connection cap. */
    static final int MAX_STREAMS = 16;
    /** Events a stream may hold unsent by default. */
    static final int DEFAULT_QUEUE = 1024;
    /** How long a dropped consumer has to read what is on its way and the final message. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** The API's mapper, with targets as {@code ip:port}. */
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .registerModule(new SimpleModule().addSerializer(Endpoint.class, ToStringSerializer.instance));

    private final EventBus bus;
    private final int capacity;
    private final Duration grace;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    /**
     * @param bus the event bus to follow
     * @param capacity events each stream may hold unsent
     * @param grace how long a dropped consumer has to take the final message before its connection is closed
     */
    EventStream(EventBus bus, int capacity, Duration grace) {
        this.bus = bus;
        this.capacity = capacity;
        this.grace = grace;
    }

    /**
     * @param exchange a request to {@link #PATH} (or below it)
     * @throws IOException when the answer cannot be sent
     */
    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getRawPath().replaceFirst("/$", "").equals(PATH)) {
                refuse(exchange, 404, "no such path: " + exchange.getRequestURI().getRawPath());
            } else if (!exchange.getRequestMethod().equalsIgnoreCase("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                refuse(exchange, 405, "method " + exchange.getRequestMethod() + " is not allowed on " + PATH
                        + "; use GET");
            } else if (!streams.tryAcquire()) {
                refuse(exchange, 503, "too many event streams open (" + MAX_STREAMS + "); close one");
            } else {
                try {
                    stream(exchange, types(exchange.getRequestURI().getRawQuery()));
                } finally {
                    streams.release();
                }
            }
        }
    }

    private void stream(HttpExchange exchange, Set<String> types) throws IOException {
        Subscriber subscriber = new Subscriber(types, new ArrayBlockingQueue<>(capacity), Thread.currentThread(),
                grace);
        try (AutoCloseable subscription = bus.subscribe(LbEvent.class, subscriber::offer)) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("Connection", "close"); // a stream ends its connection
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            send(out, ": ebpf-lb events" + (types.isEmpty() ? "" : " of types " + new TreeSet<>(types))
                    + "\n\n");
            while (true) {
                LbEvent event = subscriber.queue().poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (subscriber.dropped()) {
                    send(out, "event: dropped\ndata: " + MAPPER.writeValueAsString(Map.of("type", "dropped",
                            "reason", "this consumer read too slowly: more than " + capacity
                                    + " events were waiting; reconnect to follow again")) + "\n\n");
                    return;
                }
                send(out, event == null ? ": keep-alive\n\n"
                        : "event: " + type(event) + "\ndata: " + json(event) + "\n\n");
            }
        } catch (InterruptedException e) {
            log.debug("event stream to {} ended: the consumer did not read", exchange.getRemoteAddress());
        } catch (IOException e) {
            log.debug("event stream to {} ended: {}", exchange.getRemoteAddress(), e.toString());
        } catch (Exception e) {
            throw new IllegalStateException("event subscription could not be closed", e);
        }
    }

    /** @return the event as JSON: its type, then its fields; its text when it cannot be written as JSON */
    static String json(LbEvent event) {
        ObjectNode node = MAPPER.createObjectNode().put("type", type(event));
        try {
            JsonNode fields = MAPPER.valueToTree(event);
            if (fields instanceof ObjectNode object) {
                node.setAll(object);
            }
        } catch (IllegalArgumentException e) {
            node.put("at", event.at().toString()).put("text", event.toString()); // a plugin's type Jackson cannot read
        }
        return node.toString();
    }

    private static String type(LbEvent event) {
        return event.getClass().getSimpleName();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** {@code type=A,B&type=C}: the simple names of the event types to send; empty for all. */
    private static Set<String> types(String rawQuery) {
        Set<String> types = new HashSet<>();
        if (rawQuery == null) {
            return types;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("type=")) {
                Arrays.stream(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).split(","))
                        .map(String::strip).filter(t -> !t.isEmpty()).forEach(types::add);
            }
        }
        return types;
    }

    private static void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(Map.of("error", reason));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    /**
     * One stream's side of the bus: {@link #offer} runs on the bus's delivery thread and never waits.
     *
     * @param types the types to send, empty for all
     * @param queue events not sent yet
     * @param writer the thread that sends them
     * @param grace how long the writer may take for the final message once dropped
     * @param overflow whether the consumer fell behind (and is dropped)
     */
    private record Subscriber(Set<String> types, BlockingQueue<LbEvent> queue, Thread writer, Duration grace,
                              AtomicBoolean overflow) {
        Subscriber(Set<String> types, BlockingQueue<LbEvent> queue, Thread writer, Duration grace) {
            this(types, queue, writer, grace, new AtomicBoolean());
        }

        void offer(LbEvent event) {
            if (overflow.get() || !(types.isEmpty() || types.contains(type(event)))) {
                return;
            }
            if (!queue.offer(event) && overflow.compareAndSet(false, true)) {
                queue.clear(); // what it holds is never sent: free it now, and wake the writer for the last word
                queue.offer(event);
                Thread.ofVirtual().name("lb-events-drop").start(this::interruptLater);
            }
        }

        boolean dropped() {
            return overflow.get();
        }

        /** A consumer that reads nothing more never takes the final message: close its connection. */
        private void interruptLater() {
            try {
                writer.join(grace);
            } catch (InterruptedException e) {
                return;
            }
            if (writer.isAlive()) {
                writer.interrupt();
            }
        }
    }
}
