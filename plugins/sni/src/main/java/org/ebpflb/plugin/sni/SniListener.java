package org.ebpflb.plugin.sni;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's listening socket on its address and port, and its connections, each on a virtual thread: read the
 * ClientHello (bounded in size and time), choose the route and a backend of its group through the
 * {@link BackendSelector}, connect, write the optional PROXY v2 header and the ClientHello bytes, then {@link Relay}.
 */
final class SniListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SniListener.class);
    private static final int BACKLOG = 4096;
    private static final long ACCEPT_RETRY_NANOS = 100_000_000;

    private final String service;
    private final InetSocketAddress address;
    private final BackendSelector selector;
    private final SniSettings settings;
    private final SniCounters counters;
    /** Accepted sockets, strongly held (an unreferenced Socket is closed by its cleaner) and closed at stop. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile RouteTable routes;
    private volatile Optional<String> bindError = Optional.empty();
    private ServerSocket server;

    /**
     * @param service the service name, for the selector
     * @param address the service address and port
     * @param routes its routes
     * @param selector picks backends from the kernel-identical tables
     * @param settings timeouts
     * @param counters where this service counts
     */
    SniListener(String service, InetSocketAddress address, RouteTable routes, BackendSelector selector,
                SniSettings settings, SniCounters counters) {
        this.service = service;
        this.address = address;
        this.routes = routes;
        this.selector = selector;
        this.settings = settings;
        this.counters = counters;
    }

    InetSocketAddress address() {
        return address;
    }

    /** @param routes the routes after a reload; connections already relayed keep their backend */
    void routes(RouteTable routes) {
        this.routes = routes;
    }

    RouteTable routes() {
        return routes;
    }

    /** @return why the socket could not be bound, while it is not */
    Optional<String> bindError() {
        return bindError;
    }

    /** @return whether the socket is bound and accepting */
    synchronized boolean listening() {
        return server != null && !server.isClosed();
    }

    /** Binds the socket and starts accepting, unless it already does; a failure is kept for status and logged. */
    synchronized void bind() {
        if (listening()) {
            return;
        }
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, BACKLOG);
        } catch (IOException e) {
            closeQuietly(socket);
            String reason = "cannot listen on " + new Endpoint(address.getAddress(), address.getPort()) + ": " + e.getMessage()
                    + " (the service address must be an address of this node, e.g. ip addr add "
                    + IpAddresses.format(address.getAddress())
                    + (address.getAddress().getAddress().length == 4 ? "/32" : "/128") + " dev lo)";
            if (!bindError.equals(Optional.of(reason))) {
                LOG.error("sni: service {}: {}; retrying", service, reason);
            }
            bindError = Optional.of(reason);
            return;
        }
        server = socket;
        bindError = Optional.empty();
        ServerSocket accepting = socket;
        Thread.ofVirtual().name("sni-accept-" + service).start(() -> accept(accepting));
        LOG.info("sni: service {} listening on {}", service, new Endpoint(address.getAddress(), address.getPort()));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                counters.accepted.increment();
                open.add(client);
                Thread.ofVirtual().name("sni-" + service).start(() -> serve(client));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("sni: service {}: accept failed: {}", service, e.toString());
                    LockSupport.parkNanos(ACCEPT_RETRY_NANOS); // out of file descriptors, say: do not spin
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            byte[] hello = new byte[ClientHello.MAX_BYTES + 1]; // one more: a full buffer parses as too large
            Optional<List<String>> names = Optional.empty();
            int length = 0;
            InputStream in = client.getInputStream();
            long deadline = System.nanoTime() + settings.clientHelloTimeout().toNanos();
            while (names.isEmpty()) {
                int n = readBefore(client, in, hello, length, deadline);
                if (n < 0) {
                    return;
                }
                length += n;
                ClientHello.Result result = parse(hello, length);
                if (result instanceof ClientHello.Parsed parsed) {
                    names = Optional.of(parsed.names());
                } else if (result instanceof ClientHello.Malformed malformed) {
                    counters.parseErrors.increment();
                    LOG.debug("sni: service {}: malformed ClientHello from {}: {}", service,
                            client.getRemoteSocketAddress(), malformed.reason());
                    return;
                }
            }
            Optional<RouteTable.Route> route = route(names.get());
            if (route.isEmpty()) {
                counters.rejected.increment();
                return;
            }
            forward(client, hello, length, route.get());
        } catch (IOException e) {
            LOG.debug("sni: service {}: connection from {} ended: {}", service, client.getRemoteSocketAddress(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Relay.closeQuietly(client);
            open.remove(client);
        }
    }

    /**
     * Reads more of the ClientHello before the deadline.
     *
     * @return bytes read, or -1 when the connection is to be closed (counted: timeout, end of stream)
     */
    private int readBefore(Socket client, InputStream in, byte[] buf, int length, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            counters.clientHelloTimeouts.increment();
            return -1;
        }
        client.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        try {
            int n = in.read(buf, length, buf.length - length);
            if (n < 0) {
                counters.parseErrors.increment();
                LOG.debug("sni: service {}: {} closed after {} bytes, before a complete ClientHello", service,
                        client.getRemoteSocketAddress(), length);
            }
            return n;
        } catch (SocketTimeoutException e) {
            counters.clientHelloTimeouts.increment();
            return -1;
        }
    }

    private static ClientHello.Result parse(byte[] buf, int length) {
        try {
            return ClientHello.parse(buf, length);
        } catch (RuntimeException e) { // a parser bug must cost one connection, not the listener
            return new ClientHello.Malformed("parser failed: " + e);
        }
    }

    /** Counts names without a route and picks the route; empty when the connection is to be refused. */
    private Optional<RouteTable.Route> route(List<String> names) {
        RouteTable table = routes;
        if (names.isEmpty()) {
            counters.noSni.increment();
            return table.fallback();
        }
        Optional<RouteTable.Route> route = table.match(names.get(0));
        if (route.isPresent()) {
            return route;
        }
        counters.unknownName.increment();
        return table.fallback();
    }

    private void forward(Socket client, byte[] hello, int length, RouteTable.Route route)
            throws IOException, InterruptedException {
        SniCounters.Route count = counters.route(route.label());
        InetSocketAddress from = (InetSocketAddress) client.getRemoteSocketAddress();
        Optional<Endpoint> target = selector.select(service, route.group(), from.getAddress(), from.getPort());
        if (target.isEmpty()) {
            count.noTarget.increment();
            return;
        }
        Socket backend = new Socket();
        try {
            try {
                backend.connect(new InetSocketAddress(target.get().address(), target.get().port()),
                        (int) settings.connectTimeout().toMillis());
            } catch (IOException e) {
                count.connectFailures.increment();
                LOG.debug("sni: service {}: connecting to {} failed: {}", service, target.get(), e.toString());
                return;
            }
            client.setTcpNoDelay(true);
            backend.setTcpNoDelay(true);
            count.connections.increment();
            count.active.increment();
            try {
                OutputStream out = backend.getOutputStream();
                if (route.proxyV2()) {
                    out.write(ProxyHeader.v2(from, (InetSocketAddress) client.getLocalSocketAddress()));
                }
                out.write(hello, 0, length);
                count.bytesFromClients.add(length);
                new Relay(client, backend, settings.idleTimeout()).run(count.bytesFromClients, count.bytesToClients);
            } finally {
                count.active.decrement();
            }
        } finally {
            Relay.closeQuietly(backend);
        }
    }

    /** Stops accepting; connections being relayed go on until they end (a reload must not cut them). */
    synchronized void stopAccepting() {
        closeQuietly(server);
    }

    /** Stops accepting and closes every connection (the plugin stops). */
    @Override
    public void close() {
        stopAccepting();
        open.forEach(Relay::closeQuietly);
    }

    private static void closeQuietly(ServerSocket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
