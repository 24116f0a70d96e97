package org.ebpflb.lab.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small real backend: an HTTP/1.1 server (jdk.httpserver) and optionally a UDP echo socket, both answering with the
 * backend's name.
 *
 * <ul>
 * <li>{@code GET /} &rarr; 200, body {@code <name>\n}</li>
 * <li>{@code GET /health} &rarr; 200 {@code ok}, or 503 {@code sick} when sick; {@code POST /health?set=sick|ok}
 *     switches</li>
 * <li>{@code GET /stream?seconds=N} &rarr; 200, chunked, {@link StreamPattern} chunks every 100 ms for N seconds</li>
 * <li>UDP: any datagram &rarr; a datagram holding the name</li>
 * </ul>
 * Every HTTP response carries {@code X-Backend: <name>}.
 */
public final class BackendServer implements AutoCloseable {
    /** Longest stream a request may ask for. */
    public static final int MAX_STREAM_SECONDS = 3600;

    private final String name;
    private final HttpServer http;
    private final Optional<DatagramSocket> udp;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean healthy;

    private BackendServer(String name, HttpServer http, Optional<DatagramSocket> udp, boolean healthy) {
        this.name = name;
        this.http = http;
        this.udp = udp;
        this.healthy = new AtomicBoolean(healthy);
    }

    /**
     * Binds the UDP socket first, then HTTP, so a successful TCP connect means both are ready.
     *
     * @param name what the backend answers with, e.g. "backend-2"
     * @param httpAddress where HTTP listens (port 0: any free port)
     * @param udpAddress where UDP echo listens, if wanted
     * @param sick whether {@code /health} starts at 503
     * @return the running server
     * @throws UncheckedIOException when an address cannot be bound
     */
    public static BackendServer start(String name, InetSocketAddress httpAddress,
                                      Optional<InetSocketAddress> udpAddress, boolean sick) {
        DatagramSocket udp = null;
        try {
            if (udpAddress.isPresent()) {
                udp = new DatagramSocket(udpAddress.get());
            }
            HttpServer http = HttpServer.create(httpAddress, 128);
            BackendServer s = new BackendServer(name, http, Optional.ofNullable(udp), !sick);
            s.serve();
            return s;
        } catch (IOException e) {
            if (udp != null) {
                udp.close();
            }
            throw new UncheckedIOException("backend " + name + " cannot bind: " + e.getMessage(), e);
        }
    }

    /** @return the bound HTTP port */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** @return the bound UDP port, if UDP echo runs */
    public OptionalInt udpPort() {
        return udp.map(u -> OptionalInt.of(u.getLocalPort())).orElse(OptionalInt.empty());
    }

    /** @param value whether {@code /health} answers 200 */
    public void setHealthy(boolean value) {
        healthy.set(value);
    }

    @Override
    public void close() {
        http.stop(0);
        udp.ifPresent(DatagramSocket::close);
        executor.shutdownNow();
    }

    private void serve() {
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        udp.ifPresent(u -> Thread.ofPlatform().daemon().name(name + "-udp").start(() -> echo(u)));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("X-Backend", name);
            URI uri = ex.getRequestURI();
            String method = ex.getRequestMethod();
            switch (uri.getPath()) {
                case "/" -> reply(ex, method.equals("GET") ? 200 : 405, name + "\n");
                case "/health" -> health(ex, method, query(uri, "set"));
                case "/stream" -> stream(ex, method, query(uri, "seconds"));
                default -> reply(ex, 404, "no such path: " + uri.getPath() + "\n");
            }
        }
    }

    private void health(HttpExchange ex, String method, Optional<String> set) throws IOException {
        if (method.equals("POST")) {
            switch (set.orElse("")) {
                case "sick" -> healthy.set(false);
                case "ok" -> healthy.set(true);
                default -> {
                    reply(ex, 400, "POST /health needs ?set=sick or ?set=ok\n");
                    return;
                }
            }
        }
        boolean ok = healthy.get();
        reply(ex, ok ? 200 : 503, ok ? "ok\n" : "sick\n");
    }

    private void stream(HttpExchange ex, String method, Optional<String> secondsParam) throws IOException {
        int seconds;
        try {
            seconds = Integer.parseInt(secondsParam.orElse(""));
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!method.equals("GET") || seconds < 1 || seconds > MAX_STREAM_SECONDS) {
            reply(ex, 400, "GET /stream?seconds=N with N in 1.." + MAX_STREAM_SECONDS + "\n");
            return;
        }
        ex.sendResponseHeaders(200, 0); // length 0: chunked
        OutputStream body = ex.getResponseBody();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / StreamPattern.CHUNKS_PER_SECOND;
        for (long i = 0; i < StreamPattern.chunks(seconds); i++) {
            // Paced against the start time, so slow writes do not stretch the stream.
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            body.write(StreamPattern.chunk(i));
            body.flush();
        }
        body.close();
    }

    private void echo(DatagramSocket socket) {
        byte[] in = new byte[2048];
        byte[] out = name.getBytes(StandardCharsets.UTF_8);
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(in, in.length);
                socket.receive(p);
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                System.err.println(name + ": udp echo: " + e.getMessage());
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static Optional<String> query(URI uri, String key) {
        String q = uri.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(key)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
