package org.ebpflb.plugin.healthtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.plugin.healthcommon.HealthCheckSettings;
import org.ebpflb.plugin.healthcommon.InitialState;
import org.ebpflb.plugin.healthcommon.ProbeResult;
import org.junit.jupiter.api.Test;

/** The tcp probe against real sockets on 127.0.0.1. */
class TcpProbeTest {
    private final TcpProbe probe = new TcpProbe();

    private static HealthCheckSettings timeout(Duration timeout) {
        return new HealthCheckSettings("tcp", Duration.ofSeconds(30), timeout, 2, 3, InitialState.HEALTHY,
                Duration.ZERO, 0, ConfigFactory.empty());
    }

    private static Endpoint endpoint(ServerSocket server) {
        return new Endpoint(server.getInetAddress(), server.getLocalPort());
    }

    private static ServerSocket listen(int backlog) throws IOException {
        return new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    }

    @Test
    void openPortPasses() throws Exception {
        try (ServerSocket server = listen(50)) {
            ProbeResult result = probe.probe(endpoint(server), timeout(Duration.ofSeconds(2)));
            assertTrue(result.success());
            assertEquals("connected", result.reason());
            assertTrue(result.latency().compareTo(Duration.ofSeconds(2)) < 0, result.latency().toString());
        }
    }

    @Test
    void closedPortIsRefused() throws Exception {
        Endpoint closed;
        try (ServerSocket server = listen(50)) {
            closed = endpoint(server);
        }
        ProbeResult result = probe.probe(closed, timeout(Duration.ofSeconds(2)));
        assertFalse(result.success());
        assertEquals("connect refused", result.reason());
    }

    /**
     * A listener that never accepts still completes handshakes until its accept queue is full; after that Linux
     * drops SYNs, so a connect waits for retransmissions and runs into the probe's timeout.
     */
    @Test
    void listenerWithFullAcceptQueueTimesOut() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = listen(1)) {
            fillUntilFull(server, fillers);
            ProbeResult result = probe.probe(endpoint(server), timeout(Duration.ofMillis(300)));
            assertFalse(result.success());
            assertEquals("connect timed out after 300ms", result.reason());
            assertTrue(result.latency().compareTo(Duration.ofMillis(300)) >= 0, result.latency().toString());
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void interruptOnAVirtualThreadCancelsTheConnect() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = listen(1)) {
            fillUntilFull(server, fillers);
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread probing = Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(probe.probe(endpoint(server), timeout(Duration.ofSeconds(20))));
                } catch (InterruptedException e) {
                    outcome.complete(e);
                }
            });
            Thread.sleep(100);
            probing.interrupt();
            Object result = outcome.get(5, TimeUnit.SECONDS);
            assertTrue(result instanceof InterruptedException, "got " + result);
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    private static void fillUntilFull(ServerSocket server, List<Socket> fillers) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(server.getLocalSocketAddress(), 200);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return;
            }
        }
        fail("the accept queue never filled");
    }
}
