package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe listener and the TCP prober against each other on loopback. */
class ProbeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void everyProbePassesWhileTheListenerIsOpenAndNoneAfter() throws IOException {
        int port = freePort();
        // 5 s: the probes outrun the acceptor on a loaded machine, and a SYN dropped at a full accept queue is
        // sent again after 1 s; what must never happen is a refused or reset probe while the listener is open
        TcpProber prober = new TcpProber(port, false, Duration.ofSeconds(5));
        try (ProbeListener listener = new ProbeListener(new InetSocketAddress(LOOPBACK, port))) {
            listener.set(true);
            assertTrue(listener.open());
            for (int i = 0; i < 300; i++) { // the listener's close must never make a connect fail
                Prober.ProbeResult r = prober.probe(LOOPBACK);
                assertTrue(r.ok(), "probe " + i + ": " + r.detail());
            }
            listener.set(false);
            Prober.ProbeResult closed = prober.probe(LOOPBACK);
            assertFalse(closed.ok());
            assertTrue(closed.detail().startsWith("connect refused"), closed.detail());
            listener.set(true);
            assertTrue(prober.probe(LOOPBACK).ok(), "open again");
        }
    }

    @Test
    void aPortInUseIsReportedNotThrown() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK);
             ProbeListener listener = new ProbeListener(new InetSocketAddress(LOOPBACK, taken.getLocalPort()))) {
            listener.set(true);
            assertFalse(listener.open());
            assertTrue(listener.error().orElseThrow().startsWith("cannot listen for probes on 127.0.0.1:"),
                    listener.error().toString());
        }
    }

    @Test
    void aTlsProbeOfAPlainListenerFails() throws IOException {
        int port = freePort();
        try (ProbeListener listener = new ProbeListener(new InetSocketAddress(LOOPBACK, port))) {
            listener.set(true);
            Prober.ProbeResult r = new TcpProber(port, true, Duration.ofSeconds(1)).probe(LOOPBACK);
            assertFalse(r.ok());
            assertTrue(r.detail().startsWith("TLS handshake failed"), r.detail());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
