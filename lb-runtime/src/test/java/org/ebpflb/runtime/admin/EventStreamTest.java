package org.ebpflb.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.ebpflb.api.event.DnsResolved;
import org.ebpflb.api.event.DrainStarted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.runtime.event.AsyncEventBus;
import org.ebpflb.runtime.testing.Http;
import org.ebpflb.runtime.view.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event stream on a real HTTP server and the runtime's event bus: typed, filtered server-sent events, and a
 * consumer that reads slowly costing neither memory without bound nor the pace of the bus's other subscribers (the
 * reconciler is one: its rounds are triggered by events from this bus).
 */
class EventStreamTest {
    private static final Endpoint TARGET = Endpoint.parse("198.18.1.2:8080");
    private final AsyncEventBus bus = new AsyncEventBus();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        bus.close();
    }

    @Test
    void eventsOfTheAskedTypesArriveAsJsonServerSentEvents() throws Exception {
        start(EventStream.DEFAULT_QUEUE, EventStream.DEFAULT_GRACE);
        try (Socket client = connect("/api/v1/events?type=TargetHealthChanged,DrainStarted")) {
            InputStream in = client.getInputStream();
            String head = readUntil(in, "ebpf-lb events");
            Instant at = Instant.parse("2026-12-03T10:00:00Z");
            bus.publish(new TargetHealthChanged(at, "web", TARGET, false, "2 consecutive failures: connect refused"));
            bus.publish(new WeightsApplied(at, "web", "default", Map.of(TARGET, 0.0), false));
            bus.publish(new DrainStarted(at, "web", TARGET, Duration.ofSeconds(30)));
            String body = readUntil(in, "event: DrainStarted\ndata: {") + readUntil(in, "\n\n");

            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("content-type: text/event-stream"), head);
            List<JsonNode> events = data(body);
            assertEquals(List.of("TargetHealthChanged", "DrainStarted"), events.stream()
                    .map(e -> e.path("type").asText()).toList(), "WeightsApplied is filtered out: " + body);
            assertEquals("{\"type\":\"TargetHealthChanged\",\"at\":\"2026-12-03T10:00:00Z\",\"service\":\"web\","
                    + "\"target\":\"198.18.1.2:8080\",\"healthy\":false,\"reason\":\"2 consecutive failures: connect "
                    + "refused\"}", events.get(0).toString());
            assertEquals("PT30S", events.get(1).path("timeout").asText());
        }
    }

    @Test
    void ipv6AddressesArriveInCanonicalText() throws Exception {
        start(EventStream.DEFAULT_QUEUE, EventStream.DEFAULT_GRACE);
        try (Socket client = connect("/api/v1/events?type=DnsResolved,TargetHealthChanged")) {
            InputStream in = client.getInputStream();
            readUntil(in, "ebpf-lb events");
            Instant at = Instant.parse("2026-12-03T10:00:00Z");
            bus.publish(new DnsResolved(at, "web6", "web.test", List.of(IpAddresses.parseLiteral(
                    "2001:db8:12:0:0:0:0:9"), IpAddresses.parseLiteral("198.18.0.9")), Duration.ofSeconds(30)));
            bus.publish(new TargetHealthChanged(at, "web6", Endpoint.parse("[2001:db8:12:1:0:0:0:2]:8080"), true,
                    "healthy"));
            String body = readUntil(in, "event: TargetHealthChanged\ndata: {") + readUntil(in, "\n\n");

            List<JsonNode> events = data(body);
            assertEquals("[\"2001:db8:12::9\",\"198.18.0.9\"]", events.get(0).path("addresses").toString(), body);
            assertEquals("[2001:db8:12:1::2]:8080", events.get(1).path("target").asText(), body);
        }
    }

    @Test
    void onlyGetOnTheRouteItselfIsAnswered() throws Exception {
        start(EventStream.DEFAULT_QUEUE, EventStream.DEFAULT_GRACE);
        assertEquals(405, Http.send(server.getAddress(), "POST", "/api/v1/events", "{}", null).statusCode());
        assertEquals(404, Http.get(server.getAddress(), "/api/v1/events/more").statusCode());
    }

    /**
     * 100 events a second for 3 s to a consumer that reads 2 KB a second, then 20,000 more (20 MB of event text) that
     * it does not read at all: the bus's other subscriber sees every event within a bound, the heap does not grow by
     * what the consumer leaves unread, and the consumer is dropped with a final message it gets once it reads again.
     */
    @Test
    void aSlowConsumerIsDroppedWithAFinalMessageAndCostsNeitherMemoryNorPace() throws Exception {
        int capacity = 64;
        start(capacity, Duration.ofSeconds(60));
        String reason = "x".repeat(1000); // ~1 KB of JSON per event
        List<Long> lagMicros = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(TargetHealthChanged.class, e -> lagMicros.add(Duration.between(e.at(), Instant.now())
                .toNanos() / 1000));
        try (Socket slow = connect("/api/v1/events", 2048)) {
            InputStream in = slow.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.writeBytes(readUntil(in, "ebpf-lb events").getBytes(StandardCharsets.UTF_8));

            // 3 s at 100 events/s while the consumer reads 200 bytes every 100 ms
            long start = System.nanoTime();
            for (int i = 0; i < 300; i++) {
                long due = start + i * 10_000_000L;
                while (System.nanoTime() < due) {
                    if ((System.nanoTime() - start) / 100_000_000L > received.size() / 200) {
                        received.write(in.readNBytes(200));
                    }
                    Thread.sleep(1);
                }
                bus.publish(new TargetHealthChanged(Instant.now(), "web", TARGET, i % 2 == 0, reason));
            }
            assertTrue(bus.awaitIdle(5_000));
            List<Long> paced = new ArrayList<>(lagMicros);

            // then a burst the consumer does not read at all: what it leaves unread must not stay in memory
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < 20_000; i++) {
                bus.publish(new TargetHealthChanged(Instant.now(), "web", TARGET, i % 2 == 0, reason));
                if (i % 5_000 == 4_999) {
                    assertTrue(bus.awaitIdle(5_000)); // the bus's own queue (65,536) is not what is measured
                }
            }
            assertTrue(bus.awaitIdle(5_000));
            long heapAfter = usedHeapAfterGc();

            slow.setSoTimeout(10_000);
            received.writeBytes(in.readAllBytes()); // reads again: everything on its way, then the end
            String stream = received.toString(StandardCharsets.UTF_8);
            List<JsonNode> events = data(stream);
            List<Long> sorted = paced.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "[event stream] slow consumer: %d events at 100/s, then 20,000 (~%d MB of "
                            + "JSON) unread; the other subscriber's delay p50 %.2f ms, p99 %.2f ms, max %.2f ms; the "
                            + "slow consumer got %d events before its final '%s'; heap in use after GC %.1f MB before "
                            + "the burst, %.1f MB after (queue %d events per consumer); bus dropped %d%n", 300,
                    20_000 * 1_100 / 1_000_000, sorted.get(sorted.size() / 2) / 1000.0,
                    sorted.get(sorted.size() * 99 / 100) / 1000.0, sorted.getLast() / 1000.0, events.size() - 1,
                    events.getLast().path("type").asText(), heapBefore / 1e6, heapAfter / 1e6, capacity,
                    bus.dropped());

            assertEquals(300, paced.size(), "the other subscriber saw every paced event");
            assertTrue(sorted.getLast() < 250_000, "an event reached the other subscriber only after "
                    + sorted.getLast() / 1000 + " ms");
            assertEquals(0, bus.dropped(), "the bus itself never had to drop an event");
            assertTrue(heapAfter - heapBefore < 8_000_000, "the heap grew by " + (heapAfter - heapBefore)
                    + " bytes while ~22 MB of events went unread");
            assertEquals("dropped", events.getLast().path("type").asText(), stream.substring(
                    Math.max(0, stream.length() - 500)));
            assertTrue(events.getLast().path("reason").asText().contains("read too slowly"));
            assertTrue(events.size() - 1 >= 300 && events.size() - 1 < 20_300, "it got every paced event (the "
                    + "socket's buffers took them) and was dropped in the burst: " + (events.size() - 1) + " events");
        }
    }

    private void start(int capacity, Duration grace) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(EventStream.PATH, new EventStream(bus, capacity, grace)::handle);
        server.start();
    }

    private Socket connect(String path) throws IOException {
        return connect(path, 0);
    }

    private Socket connect(String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting: it sets the window offered
        }
        socket.connect(server.getAddress(), 5_000);
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: lb\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new SocketTimeoutException("the stream ended before '" + marker + "': " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** The JSON of every complete {@code data:} line (chunked framing aside, as a client reads them). */
    private static List<JsonNode> data(String stream) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stream.split("\r?\n")) {
            if (line.startsWith("data: {") && line.endsWith("}")) {
                events.add(Json.mapper().readTree(line.substring(6)));
            }
        }
        return events;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }
}
