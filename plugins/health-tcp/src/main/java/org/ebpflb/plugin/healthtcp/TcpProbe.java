package org.ebpflb.plugin.healthtcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.plugin.healthcommon.HealthCheckSettings;
import org.ebpflb.plugin.healthcommon.Probe;
import org.ebpflb.plugin.healthcommon.ProbeResult;

/**
 * Passes when a TCP connection opens within the timeout. Runs on a virtual thread, where a timed connect parks the
 * thread instead of blocking a carrier.
 */
final class TcpProbe implements Probe {
    @Override
    public ProbeResult probe(Endpoint target, HealthCheckSettings settings) throws InterruptedException {
        long start = System.nanoTime(); // latency is a measurement of real I/O, not a scheduling decision
        try (Socket socket = new Socket()) {
            // reset on close: a check per target per second would otherwise pile up TIME_WAIT sockets here
            socket.setSoLinger(true, 0);
            socket.connect(new InetSocketAddress(target.address(), target.port()), timeoutMillis(settings));
            return ProbeResult.success(since(start), "connected");
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("tcp probe of " + target + " cancelled");
            }
            return ProbeResult.failure(since(start), describe(e, settings.timeout()));
        }
    }

    private static String describe(IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException) {
            return "connect timed out after " + Durations.format(timeout);
        }
        if (e instanceof ConnectException && "Connection refused".equals(e.getMessage())) {
            return "connect refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return "connect failed: " + e.getMessage();
    }

    private static int timeoutMillis(HealthCheckSettings settings) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
