package org.ebpflb.plugin.sni;

import static org.ebpflb.plugin.sni.Syscalls.AF_INET;
import static org.ebpflb.plugin.sni.Syscalls.AF_INET6;
import static org.ebpflb.plugin.sni.Syscalls.CLOEXEC;
import static org.ebpflb.plugin.sni.Syscalls.EAGAIN;
import static org.ebpflb.plugin.sni.Syscalls.EINPROGRESS;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLERR;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLHUP;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLIN;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLOUT;
import static org.ebpflb.plugin.sni.Syscalls.EPOLLRDHUP;
import static org.ebpflb.plugin.sni.Syscalls.IPPROTO_TCP;
import static org.ebpflb.plugin.sni.Syscalls.NET;
import static org.ebpflb.plugin.sni.Syscalls.NONBLOCK;
import static org.ebpflb.plugin.sni.Syscalls.SOCK_STREAM;
import static org.ebpflb.plugin.sni.Syscalls.SOL_SOCKET;
import static org.ebpflb.plugin.sni.Syscalls.SO_ERROR;
import static org.ebpflb.plugin.sni.Syscalls.TCP_NODELAY;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Pointer;
import org.ebpflb.api.model.Endpoint;

/**
 * One accepted connection, driven by its listener's event loop through three states: reading the ClientHello (until
 * it parses, at most 16 KiB, before the ClientHello timeout), connecting to the chosen backend (before the connect
 * timeout), relaying (a {@link Splice} per direction, closed after the idle timeout without a byte moving). It is
 * closed when both directions are done, on any socket error, or when a state's bound passes.
 */
final class Connection {
    private enum State { HELLO, CONNECTING, RELAYING, CLOSED }

    private final SniListener.Loop loop;
    private final int client;
    private final InetSocketAddress from;
    private State state = State.HELLO;
    private byte[] hello = new byte[1024];
    private int helloLength;
    private long deadline;
    private int backend = -1;
    private RouteTable.Route route;
    private SniCounters.Route count;
    /** the PROXY header and ClientHello bytes not yet written to the backend */
    private byte[] prefix;
    private int prefixWritten;
    private Splice up;
    private Splice down;

    /**
     * @param loop the event loop that owns the connection
     * @param client the accepted socket, non-blocking, registered with the loop
     * @param from the client's address
     * @param now the time of accept
     */
    Connection(SniListener.Loop loop, int client, InetSocketAddress from, long now) {
        this.loop = loop;
        this.client = client;
        this.from = from;
        this.deadline = now + loop.settings().clientHelloTimeout().toNanos();
    }

    /** @param fd the socket the event is for @param events epoll's event bits @param now the time */
    void ready(int fd, int events, long now) {
        try {
            switch (state) {
                case HELLO -> readHello(now);
                case CONNECTING -> {
                    if (fd == backend && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
                        connected(now);
                    }
                }
                case RELAYING -> {
                    news(fd, events);
                    relay(now);
                }
                case CLOSED -> { }
            }
        } catch (IOException e) {
            if (loop.debug()) {
                loop.log("connection from " + from + " ended: " + e.getMessage());
            }
            close();
        }
    }

    /** @param now the time: closes the connection when its state's bound has passed */
    void tick(long now) {
        if (now - deadline < 0) {
            return;
        }
        switch (state) {
            case HELLO -> loop.counters().clientHelloTimeouts.increment();
            case CONNECTING -> {
                count.connectFailures.increment();
                if (loop.debug()) {
                    loop.log("connecting to a backend of " + route.label() + " timed out");
                }
            }
            default -> { }
        }
        close();
    }

    private void readHello(long now) throws IOException {
        Pointer buffer = loop.buffer();
        while (true) {
            int room = Math.min(ClientHello.MAX_BYTES + 1 - helloLength, (int) buffer.size());
            long n = Syscalls.orErrno(NET.read(client, buffer, room));
            if (n == -EAGAIN) {
                return;
            }
            if (n <= 0) {
                loop.counters().parseErrors.increment();
                throw new IOException(n == 0 ? "closed after " + helloLength + " bytes, before a complete ClientHello"
                        : Syscalls.text((int) -n));
            }
            if (helloLength + n > hello.length) {
                hello = Arrays.copyOf(hello, Math.min(ClientHello.MAX_BYTES + 1, Math.max(hello.length * 2,
                        helloLength + (int) n)));
            }
            buffer.get(0, hello, helloLength, (int) n);
            helloLength += (int) n;
            ClientHello.Result result = parse(hello, helloLength);
            if (result instanceof ClientHello.Parsed parsed) {
                choose(parsed.names(), now);
                return;
            }
            if (result instanceof ClientHello.Malformed malformed) {
                loop.counters().parseErrors.increment();
                throw new IOException("malformed ClientHello: " + malformed.reason());
            }
        }
    }

    private static ClientHello.Result parse(byte[] buf, int length) {
        try {
            return ClientHello.parse(buf, length);
        } catch (RuntimeException e) { // a parser bug must cost one connection, not the listener
            return new ClientHello.Malformed("parser failed: " + e);
        }
    }

    private void choose(List<String> names, long now) throws IOException {
        Optional<RouteTable.Route> chosen = loop.route(names);
        if (chosen.isEmpty()) {
            loop.counters().rejected.increment();
            close();
            return;
        }
        route = chosen.get();
        count = loop.counters().route(route.label());
        Optional<Endpoint> target = loop.select(route.group(), from);
        if (target.isEmpty()) {
            count.noTarget.increment();
            close();
            return;
        }
        InetSocketAddress to = new InetSocketAddress(target.get().address(), target.get().port());
        Pointer address = loop.address();
        int length = Syscalls.sockaddr(to, address);
        backend = Syscalls.check(NET.socket(length == 16 ? AF_INET : AF_INET6, SOCK_STREAM | NONBLOCK | CLOEXEC, 0),
                "socket");
        loop.register(backend, this);
        int result = NET.connect(backend, address, length);
        if (result < 0 && Syscalls.errno() != EINPROGRESS) {
            count.connectFailures.increment();
            throw new IOException("connecting to " + target.get() + ": " + Syscalls.text(Syscalls.errno()));
        }
        state = State.CONNECTING;
        deadline = now + loop.settings().connectTimeout().toNanos();
        if (result == 0) {
            connected(now);
        }
    }

    private void connected(long now) throws IOException {
        Pointer scratch = loop.address();
        scratch.putInt(0, 4);
        NET.getsockopt(backend, SOL_SOCKET, SO_ERROR, scratch.slice(4), scratch);
        int error = scratch.getInt(4);
        if (error != 0) {
            count.connectFailures.increment();
            throw new IOException("connecting to a backend of " + route.label() + ": " + Syscalls.text(error));
        }
        Syscalls.setInt(client, IPPROTO_TCP, TCP_NODELAY, 1, scratch);
        Syscalls.setInt(backend, IPPROTO_TCP, TCP_NODELAY, 1, scratch);
        byte[] header = route.proxyV2() ? ProxyHeader.v2(from, loop.local(client)) : new byte[0];
        int[] upPipe = loop.pipes().take();
        int[] downPipe;
        try {
            downPipe = loop.pipes().take();
        } catch (IOException e) {
            loop.pipes().give(upPipe, true);
            throw e;
        }
        // the client's bytes after the ClientHello came while nobody read: read them; the backend's come with an event
        up = new Splice(client, backend, upPipe, count.bytesFromClients, true);
        down = new Splice(backend, client, downPipe, count.bytesToClients, false);
        count.connections.increment();
        count.active.increment();
        state = State.RELAYING;
        deadline = now + loop.settings().idleTimeout().toNanos();
        prefix = Arrays.copyOf(header, header.length + helloLength);
        System.arraycopy(hello, 0, prefix, header.length, helloLength);
        count.bytesFromClients.add(helloLength);
        hello = null;
        relay(now);
    }

    private void relay(long now) throws IOException {
        if (prefix != null && !writePrefix()) {
            return;
        }
        int moved = up.move();
        if (moved >= 0) {
            int back = down.move();
            moved = back < 0 ? back : moved | back;
        }
        if (moved < 0) {
            if (loop.debug()) {
                loop.log("relay between " + from + " and a backend of " + route.label() + " failed: "
                        + Syscalls.text(-moved));
            }
            close();
        } else if (up.done() && down.done()) {
            close();
        } else if (moved > 0) {
            deadline = now + loop.settings().idleTimeout().toNanos();
        }
    }

    /** Passes an edge-triggered event on to the directions it concerns. */
    private void news(int fd, int events) {
        boolean in = (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
        boolean out = (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
        Splice reading = fd == client ? up : down;
        Splice writing = fd == client ? down : up;
        if (in) {
            reading.readable();
        }
        if (out) {
            writing.writable();
        }
    }

    /**
     * Writes the prefix until it is all written or the backend's socket is full: a prefix longer than the loop's buffer
     * takes several writes, and stopping after one without an EAGAIN would wait for an event that never comes.
     *
     * @return whether the whole prefix is written
     */
    private boolean writePrefix() throws IOException {
        Pointer buffer = loop.buffer();
        while (prefixWritten < prefix.length) {
            int length = Math.min(prefix.length - prefixWritten, (int) buffer.size());
            buffer.put(0, prefix, prefixWritten, length);
            long n = Syscalls.orErrno(NET.write(backend, buffer, length));
            if (n == -EAGAIN) {
                return false;
            }
            if (n < 0) {
                throw new IOException("writing to the backend: " + Syscalls.text((int) -n));
            }
            prefixWritten += (int) n;
        }
        prefix = null;
        return true;
    }

    /** Closes both sockets (the kernel drops them from epoll) and hands the pipes back. */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (up != null) {
            count.active.decrement();
            loop.pipes().give(up.pipe(), up.empty());
            loop.pipes().give(down.pipe(), down.empty());
        }
        state = State.CLOSED;
        loop.forget(client);
        Syscalls.close(client);
        if (backend >= 0) {
            loop.forget(backend);
            Syscalls.close(backend);
        }
    }
}
