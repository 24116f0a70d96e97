package org.ebpflb.plugin.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One listener on loopback with a backend socket of the test's own: the bounds in time (ClientHello timeout, idle
 * timeout) and the PROXY v2 header as the backend receives it.
 */
class SniListenerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration SHORT = Duration.ofMillis(300);

    private ServerSocket backend;
    private SniListener listener;
    private SniCounters counters;

    @BeforeEach
    void start() throws IOException {
        backend = new ServerSocket(0, 50, LOOPBACK);
        backend.setSoTimeout(5000);
        counters = new SniCounters();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
            port = free.getLocalPort();
        }
        SniRouteSpec route = new SniRouteSpec("a.example.com", List.of(), ConfigFactory.parseString(
                "proxy-protocol = v2"));
        ServiceSpec service = new ServiceSpec("tls", new ListenSpec(List.of("lo"), Optional.of(LOOPBACK), port,
                Protocol.TCP), HashMode.FIVE_TUPLE, List.of(), List.of(), List.of(route), 16381,
                ConfigFactory.parseString("sni-default = reject"));
        listener = new SniListener("tls", new InetSocketAddress(LOOPBACK, port), RouteTable.of(service),
                (s, group, client, clientPort) -> Optional.of(new Endpoint(LOOPBACK, backend.getLocalPort())),
                new SniSettings(SHORT, SHORT, SHORT), counters);
        listener.bind();
        assertTrue(listener.listening(), () -> listener.bindError().orElse("?"));
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        backend.close();
    }

    @Test
    void aSilentClientIsClosedAfterTheClientHelloTimeoutAndCounted() throws IOException {
        try (Socket client = connect()) {
            long start = System.nanoTime();
            assertEquals(-1, client.getInputStream().read(), "closed, not answered");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= SHORT.toMillis() - 50 && millis < 3000, "closed after " + millis + " ms");
        }
        assertEquals(1, counters.clientHelloTimeouts.sum());
    }

    @Test
    void theBackendGetsAProxyHeaderWithTheClientThenTheClientHelloAndAnIdleRelayIsClosed() throws IOException {
        byte[] hello = ClientHelloTest.build(ClientHelloTest.sni("A.example.com"));
        try (Socket client = connect()) {
            client.getOutputStream().write(hello);
            try (Socket accepted = backend.accept()) {
                InputStream in = accepted.getInputStream();
                byte[] header = in.readNBytes(28);
                ByteBuffer expected = ByteBuffer.allocate(28)
                        .put(new byte[] {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a})
                        .put((byte) 0x21).put((byte) 0x11).putShort((short) 12).put(LOOPBACK.getAddress())
                        .put(LOOPBACK.getAddress()).putShort((short) client.getLocalPort())
                        .putShort((short) client.getPort());
                assertArrayEquals(expected.array(), header);
                assertArrayEquals(hello, in.readNBytes(hello.length));
                long start = System.nanoTime();
                assertEquals(-1, client.getInputStream().read(), "the idle relay is closed");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis >= SHORT.toMillis() - 50 && millis < 3000, "closed after " + millis + " ms");
            }
        }
        assertEquals(1, counters.route("a.example.com").connections.sum());
        Await.until("the relay ends", () -> counters.route("a.example.com").active.sum() == 0, Duration.ofSeconds(5));
    }

    @Test
    void bytesBehindTheClientHelloBeyondTheReadBufferAreRelayedWhole() throws IOException {
        // one write: the ClientHello and more behind it than the relay's 16 KiB read buffer holds, then silence, so
        // the PROXY header, the ClientHello and the bytes read with it take more than one write to the backend and no
        // later event of the client's would make up for a relay that stopped after the first
        byte[] hello = ClientHelloTest.build(ClientHelloTest.sni("a.example.com"));
        byte[] behind = new byte[20_000];
        new Random(9).nextBytes(behind);
        byte[] sent = Arrays.copyOf(hello, hello.length + behind.length);
        System.arraycopy(behind, 0, sent, hello.length, behind.length);
        try (Socket client = connect()) {
            client.getOutputStream().write(sent);
            try (Socket accepted = backend.accept()) {
                accepted.setSoTimeout(5000);
                InputStream in = accepted.getInputStream();
                in.readNBytes(28);
                assertArrayEquals(sent, in.readNBytes(sent.length), "the ClientHello and every byte behind it");
            }
        }
    }

    @Test
    void aHalfCloseIsPassedOnAndTheAnswerStillArrivesWhole() throws IOException {
        byte[] hello = ClientHelloTest.build(ClientHelloTest.sni("a.example.com"));
        byte[] upload = new byte[3 << 20]; // more than a pipe and the socket buffers hold: backpressure at work
        byte[] answer = new byte[2 << 20];
        new Random(7).nextBytes(upload);
        new Random(8).nextBytes(answer);
        try (Socket client = connect()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.getOutputStream().write(hello);
                    client.getOutputStream().write(upload);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket accepted = backend.accept()) {
                InputStream in = accepted.getInputStream();
                in.readNBytes(28 + hello.length);
                assertArrayEquals(upload, in.readNBytes(upload.length + 1), "the upload whole, then end of stream");
                accepted.getOutputStream().write(answer);
                accepted.shutdownOutput();
                assertArrayEquals(answer, client.getInputStream().readAllBytes(), "the answer whole after the half-close");
            }
            writer.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Await.until("the relay ends", () -> counters.route("a.example.com").active.sum() == 0, Duration.ofSeconds(5));
        assertEquals(hello.length + upload.length, counters.route("a.example.com").bytesFromClients.sum());
        assertEquals(answer.length, counters.route("a.example.com").bytesToClients.sum());
    }

    @Test
    void aBackendThatResetsEndsTheRelayAndTheClientIsClosed() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write(ClientHelloTest.build(ClientHelloTest.sni("a.example.com")));
            try (Socket accepted = backend.accept()) {
                accepted.setSoLinger(true, 0); // close sends a reset
            }
            assertEquals(-1, readOrReset(client), "closed after the backend's reset");
        }
        Await.until("the relay ends", () -> counters.route("a.example.com").active.sum() == 0, Duration.ofSeconds(5));
    }

    @Test
    void anUnknownNameIsRejectedWhenTheServiceSaysSo() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write(ClientHelloTest.build(ClientHelloTest.sni("b.example.com")));
            assertEquals(-1, client.getInputStream().read());
        }
        assertEquals(1, counters.unknownName.sum());
        assertEquals(1, counters.rejected.sum());
    }

    @Test
    void garbageIsAParseError() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertEquals(-1, client.getInputStream().read());
        }
        assertEquals(1, counters.parseErrors.sum());
        assertEquals(0, counters.rejected.sum(), "garbage is not a refused name");
    }

    /** @return the next byte, or -1 at end of stream or after a reset (both end the client's connection) */
    private static int readOrReset(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketException e) {
            return -1;
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(listener.address().getAddress(), listener.address().getPort());
        s.setSoTimeout(5000);
        return s;
    }
}
