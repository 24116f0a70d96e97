package org.ebpflb.plugin.healthhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.plugin.healthcommon.ProbeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http probe against real servers on 127.0.0.1 and ::1. */
class HttpProbeTest {
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    private HttpServer server;
    private final AtomicReference<String> seenHost = new AtomicReference<>();
    private final AtomicReference<String> seenTarget = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> answer(exchange, 200));
        server.createContext("/down", exchange -> answer(exchange, 503));
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        seenHost.set(exchange.getRequestHeaders().getFirst("Host"));
        seenTarget.set(exchange.getRequestURI().toString());
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private Endpoint target() {
        return new Endpoint(server.getAddress().getAddress(), server.getAddress().getPort());
    }

    @Test
    void okPassesAndSendsPathAndTheTargetAsHost() throws Exception {
        ProbeResult result = Probes.http("path = \"/health?probe=1\"").probe(target(), Probes.timeout(TWO_SECONDS));
        assertTrue(result.success());
        assertEquals("HTTP 200", result.reason());
        assertEquals("/health?probe=1", seenTarget.get());
        assertEquals(target().toString(), seenHost.get(), "default Host is the target's ip:port");
    }

    @Test
    void anIpv6TargetIsReachedAndNamedInBracketsInTheHostHeader() throws Exception {
        HttpServer six = HttpServer.create(new InetSocketAddress(IpAddresses.parseLiteral("::1"), 0), 50);
        six.createContext("/", exchange -> answer(exchange, 200));
        six.createContext("/down", exchange -> answer(exchange, 503));
        six.start();
        try {
            Endpoint target = new Endpoint(IpAddresses.parseLiteral("::1"), six.getAddress().getPort());
            ProbeResult up = Probes.http("").probe(target, Probes.timeout(TWO_SECONDS));
            assertEquals(ProbeResult.success(up.latency(), "HTTP 200"), up);
            assertEquals("[::1]:" + target.port(), seenHost.get());
            ProbeResult down = Probes.http("path = /down").probe(target, Probes.timeout(TWO_SECONDS));
            assertEquals(ProbeResult.failure(down.latency(), "HTTP 503"), down);
        } finally {
            six.stop(0);
        }
    }

    @Test
    void aClosedIpv6PortIsRefused() throws Exception {
        Endpoint closed;
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parseLiteral("::1"))) {
            closed = new Endpoint(s.getInetAddress(), s.getLocalPort());
        }
        ProbeResult result = Probes.http("").probe(closed, Probes.timeout(TWO_SECONDS));
        assertEquals(ProbeResult.failure(result.latency(), "connect refused"), result);
    }

    @Test
    void configuredHostHeaderReachesTheServer() throws Exception {
        ProbeResult result = Probes.http("host = \"api.example.test\"").probe(target(), Probes.timeout(TWO_SECONDS));
        assertTrue(result.success());
        assertEquals("api.example.test", seenHost.get());
    }

    @Test
    void unexpectedStatusFails() throws Exception {
        ProbeResult result = Probes.http("path = /down").probe(target(), Probes.timeout(TWO_SECONDS));
        assertFalse(result.success());
        assertEquals("HTTP 503", result.reason());
    }

    @Test
    void expectedCodesDecideWhatPasses() throws Exception {
        HttpProbe onlyUnavailable = Probes.http("path = /down, expected-codes = [503]");
        assertTrue(onlyUnavailable.probe(target(), Probes.timeout(TWO_SECONDS)).success());
        ProbeResult ok = Probes.http("expected-codes = [204]").probe(target(), Probes.timeout(TWO_SECONDS));
        assertFalse(ok.success());
        assertEquals("HTTP 200", ok.reason());
    }

    @Test
    void serverThatNeverAnswersTimesOut() throws Exception {
        ProbeResult result = Probes.http("path = /hang").probe(target(), Probes.timeout(Duration.ofMillis(300)));
        assertFalse(result.success());
        assertEquals("timed out after 300ms", result.reason());
        assertTrue(result.latency().compareTo(Duration.ofMillis(300)) >= 0, result.latency().toString());
    }

    @Test
    void closedPortIsRefused() throws Exception {
        Endpoint closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new Endpoint(s.getInetAddress(), s.getLocalPort());
        }
        ProbeResult result = Probes.http("").probe(closed, Probes.timeout(TWO_SECONDS));
        assertEquals(ProbeResult.failure(result.latency(), "connect refused"), result);
    }

    @Test
    void somethingElseThanHttpFails() throws Exception {
        ProbeResult result = againstRawServer("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
        assertFalse(result.success());
        assertEquals("not an HTTP response: 'SSH-2.0-OpenSSH_9.2p1 Debian-2'", result.reason());
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        ProbeResult result = againstRawServer("HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n");
        assertTrue(result.success());
        assertEquals("HTTP 204", result.reason());
    }

    @Test
    void connectionClosedWithoutAnswerFails() throws Exception {
        ProbeResult result = againstRawServer("");
        assertFalse(result.success());
        assertEquals("connection closed before a complete response", result.reason());
    }

    /** A one-connection server that reads the request head, writes {@code response} verbatim and closes. */
    private static ProbeResult againstRawServer(String response) throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    InputStream in = s.getInputStream();
                    int matched = 0;
                    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                    while (matched < end.length) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ProbeResult result = Probes.http("expected-codes = [204]")
                    .probe(new Endpoint(raw.getInetAddress(), raw.getLocalPort()), Probes.timeout(TWO_SECONDS));
            serving.join(Duration.ofSeconds(5));
            return result;
        }
    }
}
