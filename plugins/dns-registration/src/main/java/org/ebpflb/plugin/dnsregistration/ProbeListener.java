package org.ebpflb.plugin.dnsregistration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts peers' probes on {@code address:tcp-port} while this node may be registered: a probe is a connect, so each
 * connection is closed as soon as it is accepted. Closed, the port refuses, and the peers count failures; so does a
 * node whose runtime died.
 */
final class ProbeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeListener.class);

    private final InetSocketAddress address;
    private ServerSocket socket;
    private Thread acceptor;
    private Optional<String> error = Optional.empty();

    /** @param address where peers probe this node */
    ProbeListener(InetSocketAddress address) {
        this.address = address;
    }

    /**
     * Opens or closes the listener.
     *
     * @param open whether peers' probes should succeed
     */
    synchronized void set(boolean open) {
        if (open && socket == null) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(address);
                socket = s;
                error = Optional.empty();
                acceptor = Thread.ofVirtual().name("dns-registration-probe-listener").start(() -> accept(s));
            } catch (IOException e) {
                String why = "cannot listen for probes on "
                        + IpAddresses.withPort(address.getAddress(), address.getPort()) + ": " + e.getMessage();
                if (error.isEmpty()) {
                    LOG.warn("dns-registration: {}", why);
                }
                error = Optional.of(why);
            }
        } else if (!open) {
            close();
        }
    }

    /** @return whether it accepts probes now */
    synchronized boolean open() {
        return socket != null;
    }

    /** @return why it could not open, when it could not */
    synchronized Optional<String> error() {
        return error;
    }

    /** Closes the listener; when this returns, the port refuses (the close is complete once the acceptor ends). */
    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
                acceptor.join(Duration.ofSeconds(2));
            } catch (IOException e) {
                LOG.debug("dns-registration: closing the probe listener", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket = null;
        }
    }

    private static void accept(ServerSocket s) {
        while (!s.isClosed()) {
            // closed with a FIN, never a reset: a reset may reach the prober before its connect() has returned,
            // and then the probe fails although this node answered
            try {
                s.accept().close();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    LOG.debug("dns-registration: a probe connection failed", e);
                }
            }
        }
    }
}
