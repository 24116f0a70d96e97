package org.ebpflb.plugin.dnsregistration;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.ebpflb.api.settings.Durations;

/**
 * Probes a peer with a TCP connect to {@code peer:port} and, with TLS, a handshake on that connection. The handshake
 * checks that a TLS server answers, not who it is: peers are known by address, so the certificate is not verified and
 * no SNI is sent.
 */
final class TcpProber implements Prober {
    private final int port;
    private final boolean tls;
    private final Duration timeout;

    /**
     * @param port the port peers are probed on
     * @param tls whether to do a TLS handshake after connecting
     * @param timeout for connect and handshake together
     */
    TcpProber(int port, boolean tls, Duration timeout) {
        this.port = port;
        this.tls = tls;
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe(InetAddress peer) {
        long start = System.nanoTime();
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(peer, port), millis);
            if (tls) {
                socket.setSoTimeout(Math.max(1, millis - (int) elapsedMillis(start)));
                try (SSLSocket ssl = (SSLSocket) anyServer().getSocketFactory()
                        .createSocket(socket, null, port, false)) {
                    ssl.startHandshake();
                }
            }
            return new ProbeResult(true, (tls ? "TLS handshake" : "connected") + " in " + elapsedMillis(start)
                    + " ms");
        } catch (ConnectException e) {
            return new ProbeResult(false, "connect refused or unreachable (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            return new ProbeResult(false, "no answer within " + Durations.format(timeout));
        } catch (IOException e) {
            return new ProbeResult(false, (tls ? "TLS handshake failed: " : "I/O error: ") + e.getMessage());
        }
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A TLS context that accepts any certificate: the probe asks "does a TLS server answer", not "who is it". */
    private static SSLContext anyServer() throws IOException {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // not a server
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // liveness only: see the class comment
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {any}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS implementation: " + e.getMessage(), e);
        }
    }
}
