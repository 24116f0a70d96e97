package org.ebpflb.plugin.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.ebpflb.api.event.ConnectionEvent;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {
    private static final Instant OPENED = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void oneLinePerClosedConnectionWithTheDocumentedFields() throws Exception {
        RecordingSink sink = new RecordingSink(null);
        try (AccessLogWriter w = new AccessLogWriter(sink, 10, false)) {
            w.offer(event(ConnectionEvent.Kind.OPENED, 40000));
            w.offer(event(ConnectionEvent.Kind.CLOSED, 40000));
        }
        assertEquals(1, sink.lines.size());
        JsonNode line = new ObjectMapper().readTree(sink.lines.get(0));
        assertEquals("2026-12-03T10:00:01.500Z", line.get("time").asText());
        assertEquals("closed", line.get("event").asText());
        assertEquals("web", line.get("service").asText());
        assertEquals("tcp", line.get("protocol").asText());
        assertEquals("198.18.58.2:40000", line.get("client").asText());
        assertEquals("198.18.59.1:80", line.get("service_address").asText());
        assertEquals("198.18.59.10:8080", line.get("target").asText());
        assertEquals("2026-12-03T10:00:00Z", line.get("opened").asText());
        assertEquals(1500, line.get("duration_ms").asLong());
        assertEquals("fin", line.get("reason").asText());
        assertEquals(5, line.get("packets_from_client").asLong());
        assertEquals(4, line.get("packets_to_client").asLong());
        assertEquals(78, line.get("bytes_from_client").asLong());
        assertEquals(1234, line.get("bytes_to_client").asLong());
    }

    @Test
    void ipv6AddressesAreWrittenInCanonicalTextWithBrackets() throws Exception {
        RecordingSink sink = new RecordingSink(null);
        try (AccessLogWriter w = new AccessLogWriter(sink, 10, false)) {
            w.offer(new ConnectionEvent(OPENED, ConnectionEvent.Kind.CLOSED, "web6", Protocol.UDP,
                    Endpoint.parse("[2001:db8:12:0:0:0:0:2]:40000"), Endpoint.parse("[2001:db8:12:1:0:0:0:0]:53"),
                    Endpoint.parse("[2001:0DB8:12:2:0:0:1:A]:5353"), OPENED, Optional.of(ConnectionEvent.CloseReason.FIN), 1,
                    1, 40, 80));
        }
        JsonNode line = new ObjectMapper().readTree(sink.lines.get(0));
        assertEquals(List.of("[2001:db8:12::2]:40000", "[2001:db8:12:1::]:53", "[2001:db8:12:2::1:a]:5353"),
                List.of(line.get("client").asText(), line.get("service_address").asText(),
                        line.get("target").asText()));
    }

    @Test
    void openedLinesWhenAskedFor() throws Exception {
        RecordingSink sink = new RecordingSink(null);
        try (AccessLogWriter w = new AccessLogWriter(sink, 10, true)) {
            w.offer(event(ConnectionEvent.Kind.OPENED, 40000));
            w.offer(event(ConnectionEvent.Kind.CLOSED, 40000));
        }
        assertEquals(List.of("opened", "closed"), sink.lines.stream()
                .map(l -> readTree(l).get("event").asText()).toList());
        assertEquals(false, readTree(sink.lines.get(0)).has("reason"));
    }

    @Test
    void aStuckSinkNeverBlocksTheOffererAndDropsAreCounted() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink(unblock);
        int capacity = 5;
        int offered = 50;
        AccessLogWriter w = new AccessLogWriter(sink, capacity, false);
        try {
            w.offer(event(ConnectionEvent.Kind.CLOSED, 1));
            sink.entered.await(); // the writer holds event 1 inside the stuck sink
            for (int i = 2; i <= offered; i++) {
                w.offer(event(ConnectionEvent.Kind.CLOSED, i)); // returns at once although nothing is written
            }
            assertEquals((long) (offered - 1 - capacity), w.status().get("dropped"));
        } finally {
            unblock.countDown();
            w.close();
        }
        assertEquals(1 + capacity, sink.lines.size());
        assertEquals((long) (1 + capacity), w.status().get("written"));
    }

    private static JsonNode readTree(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ConnectionEvent event(ConnectionEvent.Kind kind, int port) throws IOException {
        boolean closed = kind == ConnectionEvent.Kind.CLOSED;
        return new ConnectionEvent(OPENED.plusMillis(1500), kind, "web", Protocol.TCP,
                new Endpoint(InetAddress.getByName("198.18.58.2"), port),
                new Endpoint(InetAddress.getByName("198.18.59.1"), 80),
                new Endpoint(InetAddress.getByName("198.18.59.10"), 8080), OPENED,
                closed ? Optional.of(ConnectionEvent.CloseReason.FIN) : Optional.empty(), 5, 4, 78, 1234);
    }

    /** Keeps lines; with a latch, its first write waits until the test opens it. */
    private static final class RecordingSink implements LineSink {
        final List<String> lines = new ArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate;

        RecordingSink(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public synchronized void write(byte[] line) throws IOException {
            entered.countDown();
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            lines.add(new String(line, StandardCharsets.UTF_8).strip());
        }

        @Override
        public void flush() {
        }

        @Override
        public long rotations() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
