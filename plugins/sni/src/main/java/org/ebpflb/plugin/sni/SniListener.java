package org.ebpflb.plugin.sni;

import static org.ebpflb.plugin.sni.Syscalls.CLOEXEC;
import static org.ebpflb.plugin.sni.Syscalls.EAGAIN;
import static org.ebpflb.plugin.sni.Syscalls.EINTR;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLET;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLEXCLUSIVE;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLIN;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLOUT;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLRDHUP;
import static org.ebpflb.plugin.sni.Syscalls.EPOLL_CTL_ADD;
import static org.ebpflb.plugin.sni.Syscalls.EPOLL_CTL_DEL;
import static org.ebpflb.plugin.sni.Syscalls.EPOLL_DATA_OFFSET;
import static org.ebpflb.plugin.sni.Syscalls.EPOLL_EVENT_SIZE;
import static org.ebpflb.plugin.sni.Syscalls.NET;
import static org.ebpflb.plugin.sni.Syscalls.NONBLOCK;
import static org.ebpflb.plugin.sni.Syscalls.SOCKADDR_SIZE;
import static org.ebpflb.plugin.sni.Syscalls.SOCK_STREAM;
import static org.ebpflb.plugin.sni.Syscalls.SOL_SOCKET;
import static org.ebpflb.plugin.sni.Syscalls.SO_REUSEADDR;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Pointer;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's listening socket on its address and port, and its connections, all driven by one event loop thread
 * (epoll over sockets owned by file descriptor, see {@link Connection}): read the ClientHello (bounded in size and
 * time), choose the route and a backend of its group through the {@link BackendSelector}, connect, write the optional
 * PROXY v2 header and the ClientHello bytes, then relay with {@link Splice}.
 */
final class SniListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SniListener.class);
    private static final int BACKLOG = 4096;
    /** how often bounds in time are checked, and how long accepting pauses after a failure (out of fds, say) */
    private static final int TICK_MILLIS = 50;
    private static final int EVENTS = 256;
    /** connections accepted per readiness of the listening socket before others get their turn */
    private static final int ACCEPT_BATCH = 64;

    private final String service;
    private final InetSocketAddress address;
    private final BackendSelector selector;
    private final SniSettings settings;
    private final SniCounters counters;
    private volatile RouteTable routes;
    private volatile Optional<String> bindError = Optional.empty();
    /** one event loop per processor, as HAProxy runs a thread per processor */
    private static final int LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private volatile boolean accepting;
    private List<Loop> loops = List.of();

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
        return accepting && loops.stream().noneMatch(l -> l.ended);
    }

    /** Binds the socket and starts the event loops, unless they run; a failure is kept for status and logged. */
    synchronized void bind() {
        if (!loops.isEmpty() && loops.stream().noneMatch(l -> l.ended)) {
            return;
        }
        stopLoops(true);
        int fd = -1;
        List<Loop> started = new ArrayList<>();
        try {
            fd = Syscalls.check(NET.socket(address.getAddress().getAddress().length == 4 ? Syscalls.AF_INET
                    : Syscalls.AF_INET6, SOCK_STREAM | NONBLOCK | CLOEXEC, 0), "socket");
            Pointer sockaddr = Syscalls.allocate(SOCKADDR_SIZE);
            Syscalls.setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, sockaddr);
            Syscalls.check(NET.bind(fd, sockaddr, Syscalls.sockaddr(address, sockaddr)), "bind");
            Syscalls.check(NET.listen(fd, BACKLOG), "listen");
            AtomicInteger watchers = new AtomicInteger(LOOPS);
            for (int i = 0; i < LOOPS; i++) {
                started.add(new Loop(fd, watchers));
            }
        } catch (IOException e) {
            started.forEach(Loop::release);
            Syscalls.close(fd);
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
        bindError = Optional.empty();
        accepting = true;
        loops = List.copyOf(started);
        for (int i = 0; i < loops.size(); i++) {
            Thread.ofPlatform().daemon().name("sni-" + service + "-" + i).start(loops.get(i));
        }
        LOG.info("sni: service {} listening on {}", service, new Endpoint(address.getAddress(), address.getPort()));
    }

    /** Stops accepting; connections being relayed go on until they end (a reload must not cut them). */
    synchronized void stopAccepting() {
        stopLoops(false);
    }

    /** Stops accepting and closes every connection (the plugin stops); returns once the loops have ended. */
    @Override
    public void close() {
        List<Loop> running;
        synchronized (this) {
            running = loops;
            stopLoops(true);
        }
        running.forEach(Loop::awaitEnd);
    }

    private void stopLoops(boolean all) {
        accepting = false;
        loops.forEach(l -> l.stop(all));
    }

    /**
     * An event loop: its thread alone touches its connections, its epoll set and its native buffers. The loops share
     * the listening socket (EPOLLEXCLUSIVE wakes one of them per connection). Other threads only set the stop flags
     * and wake a loop through its eventfd.
     */
    final class Loop implements Runnable {
        private final int listening;
        /** the loops still watching the listening socket: the last one to leave closes it (no accept4 follows) */
        private final AtomicInteger watchers;
        private final int epoll;
        private final int wake;
        private final Pointer events = Syscalls.allocate(EVENTS * EPOLL_EVENT_SIZE);
        private final Pointer event = Syscalls.allocate(EPOLL_EVENT_SIZE);
        private final Pointer buffer = Syscalls.allocate(ClientHello.MAX_BYTES + 1);
        private final Pointer address = Syscalls.allocate(SOCKADDR_SIZE + 8);
        private final Pipes pipes = new Pipes();
        private final Set<Connection> open = new HashSet<>();
        private Connection[] byFd = new Connection[1024];
        private volatile boolean closing;
        private volatile boolean ended;
        /** whether this loop still watches (or, paused, will watch again) the listening socket */
        private boolean watching = true;
        private long acceptPausedUntil;

        private Loop(int listening, AtomicInteger watchers) throws IOException {
            this.listening = listening;
            this.watchers = watchers;
            int e = -1;
            int w = -1;
            try {
                e = Syscalls.check(NET.epoll_create1(CLOEXEC), "epoll_create1");
                w = Syscalls.check(NET.eventfd(0, NONBLOCK | CLOEXEC), "eventfd");
                add(e, w, EPOLLIN);
                add(e, listening, EPOLLIN | EPOLLEXCLUSIVE);
            } catch (IOException failure) {
                Syscalls.close(e);
                Syscalls.close(w);
                throw failure;
            }
            this.epoll = e;
            this.wake = w;
        }

        private void add(int epollFd, int fd, int bits) throws IOException {
            event.putInt(0, bits);
            event.putLong(EPOLL_DATA_OFFSET, fd);
            Syscalls.check(NET.epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, event), "epoll_ctl");
        }

        /** Closes the fds of a loop that never ran. */
        private void release() {
            Syscalls.close(epoll);
            Syscalls.close(wake);
        }

        synchronized void stop(boolean all) {
            closing |= all;
            if (!ended) { // the eventfd is still open
                Pointer one = Syscalls.allocate(8);
                one.putLong(0, 1);
                NET.write(wake, one, 8);
            }
        }

        void awaitEnd() {
            synchronized (this) {
                while (!ended) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public void run() {
            long nextTick = System.nanoTime();
            try {
                while (!closing && (accepting || !open.isEmpty())) {
                    int n = NET.epoll_wait(epoll, events, EVENTS, TICK_MILLIS);
                    if (n < 0 && Syscalls.errno() != EINTR) {
                        LOG.error("sni: service {}: epoll_wait: {}", service, Syscalls.text(Syscalls.errno()));
                        break;
                    }
                    long now = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        int fd = (int) events.getLong((long) i * EPOLL_EVENT_SIZE + EPOLL_DATA_OFFSET);
                        if (watching && fd == listening) {
                            accept(now);
                        } else if (fd == wake) {
                            NET.read(wake, buffer, 8);
                        } else {
                            Connection c = fd < byFd.length ? byFd[fd] : null;
                            if (c != null) {
                                c.ready(fd, events.getInt((long) i * EPOLL_EVENT_SIZE), now);
                            }
                        }
                    }
                    if (!accepting && watching) {
                        unwatch();
                    }
                    if (now - nextTick >= 0) {
                        nextTick = now + TICK_MILLIS * 1_000_000L;
                        new ArrayList<>(open).forEach(c -> c.tick(now));
                        if (accepting && acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
                            resumeAccepting(now);
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                LOG.error("sni: service {}: event loop failed", service, e);
            } finally {
                if (watching) {
                    unwatch();
                }
                new ArrayList<>(open).forEach(Connection::close);
                pipes.close();
                synchronized (this) {
                    Syscalls.close(epoll);
                    Syscalls.close(wake);
                    ended = true;
                    notifyAll();
                }
            }
        }

        private void unwatch() {
            if (acceptPausedUntil == 0) {
                NET.epoll_ctl(epoll, EPOLL_CTL_DEL, listening, event);
            }
            watching = false;
            if (watchers.decrementAndGet() == 0) {
                Syscalls.close(listening);
            }
        }

        private void accept(long now) {
            if (!accepting || acceptPausedUntil != 0) {
                return;
            }
            for (int i = 0; i < ACCEPT_BATCH; i++) {
                address.putInt(SOCKADDR_SIZE, SOCKADDR_SIZE);
                int fd = NET.accept4(listening, address, address.slice(SOCKADDR_SIZE), NONBLOCK | CLOEXEC);
                if (fd < 0) {
                    int errno = Syscalls.errno();
                    if (errno != EAGAIN && errno != EINTR) {
                        LOG.warn("sni: service {}: accept failed: {}", service, Syscalls.text(errno));
                        // out of file descriptors, say: the socket stays readable, so leave epoll for a tick
                        NET.epoll_ctl(epoll, EPOLL_CTL_DEL, listening, event);
                        acceptPausedUntil = now + TICK_MILLIS * 1_000_000L;
                    }
                    return;
                }
                counters.accepted.increment();
                Connection c = new Connection(this, fd, Syscalls.sockaddr(address), now);
                try {
                    register(fd, c);
                } catch (IOException e) {
                    LOG.warn("sni: service {}: {}", service, e.getMessage());
                    Syscalls.close(fd);
                    continue;
                }
                c.ready(fd, EPOLLIN, now); // the ClientHello often came with the handshake's last ACK
            }
        }

        private void resumeAccepting(long now) {
            acceptPausedUntil = 0;
            try {
                add(epoll, listening, EPOLLIN | EPOLLEXCLUSIVE);
            } catch (IOException e) {
                LOG.error("sni: service {}: {}", service, e.getMessage());
            }
            accept(now);
        }

        /** @param fd a socket of the connection, to be watched (edge-triggered) @param c the connection */
        void register(int fd, Connection c) throws IOException {
            if (fd >= byFd.length) {
                byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
            }
            add(epoll, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
            if (byFd[fd] == null) {
                open.add(c);
            }
            byFd[fd] = c;
        }

        /** @param fd a socket of a connection about to be closed */
        void forget(int fd) {
            Connection c = byFd[fd];
            byFd[fd] = null;
            open.remove(c);
        }

        SniSettings settings() {
            return settings;
        }

        SniCounters counters() {
            return counters;
        }

        Pipes pipes() {
            return pipes;
        }

        /** @return the loop's read and write buffer (ClientHello, prefix) */
        Pointer buffer() {
            return buffer;
        }

        /** @return scratch room for a sockaddr and its length, and for socket options */
        Pointer address() {
            return address;
        }

        /** @param fd a socket @return its local address */
        InetSocketAddress local(int fd) throws IOException {
            address.putInt(SOCKADDR_SIZE, SOCKADDR_SIZE);
            Syscalls.check(NET.getsockname(fd, address, address.slice(SOCKADDR_SIZE)), "getsockname");
            return Syscalls.sockaddr(address);
        }

        /** Counts names without a route and picks the route; empty when the connection is to be refused. */
        Optional<RouteTable.Route> route(List<String> names) {
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

        Optional<Endpoint> select(String group, InetSocketAddress from) {
            return selector.select(service, group, from.getAddress(), from.getPort());
        }

        /** @return whether {@link #log} writes (build its message only then) */
        boolean debug() {
            return LOG.isDebugEnabled();
        }

        void log(String message) {
            LOG.debug("sni: service {}: {}", service, message);
        }
    }
}
