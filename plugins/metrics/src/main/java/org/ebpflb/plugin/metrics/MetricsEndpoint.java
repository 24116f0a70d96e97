package org.ebpflb.plugin.metrics;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code /metrics} endpoint on jdk.httpserver: simpleclient's {@link TextFormat} written into a string, sent as one
 * UTF-8 array (gzipped when the scraper accepts it, as Prometheus does). simpleclient_httpserver's handler writes the
 * same format through an {@code OutputStreamWriter} that encodes every label value one character at a time: most of
 * a scrape of 1,000 targets (docs/PERFORMANCE.md, "Metrics scrape").
 */
final class MetricsEndpoint implements HttpHandler, AutoCloseable {
    /** The path Prometheus scrapes. */
    static final String PATH = "/metrics";

    private final CollectorRegistry registry;
    private final HttpServer server;
    private final ExecutorService threads;
    /** The last body's length: the next one is about as long, so its buffer is sized once. */
    private volatile int lastLength = 16 * 1024;

    private MetricsEndpoint(CollectorRegistry registry, HttpServer server, ExecutorService threads) {
        this.registry = registry;
        this.server = server;
        this.threads = threads;
    }

    /**
     * @param address where to listen
     * @param registry what a scrape shows
     * @param auth checks each scrape's bearer token, when one is configured
     * @return the started endpoint
     * @throws IOException when the address cannot be bound
     */
    static MetricsEndpoint start(InetSocketAddress address, CollectorRegistry registry,
                                 Optional<BearerAuthenticator> auth) throws IOException {
        HttpServer server = HttpServer.create(address, 3);
        // one scrape at a time is what Prometheus does; a second scraper waits for a thread rather than a core
        ExecutorService threads = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon()
                .name("metrics-http-", 0).factory());
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, server, threads);
        HttpContext context = server.createContext(PATH, endpoint);
        auth.ifPresent(context::setAuthenticator);
        server.setExecutor(threads);
        server.start();
        return endpoint;
    }

    /** @return the bound port (the real one when 0 was asked for) */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Headers request = exchange.getRequestHeaders();
            String type = TextFormat.chooseContentType(request.getFirst("Accept"));
            StringWriter text = new StringWriter(lastLength + lastLength / 8);
            TextFormat.writeFormat(type, text, registry.metricFamilySamples());
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            lastLength = body.length;
            exchange.getResponseHeaders().set("Content-Type", type);
            if (gzipAccepted(request)) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
                try (OutputStream gzip = new GZIPOutputStream(zipped)) {
                    gzip.write(body);
                }
                body = zipped.toByteArray();
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static boolean gzipAccepted(Headers request) {
        return request.getOrDefault("Accept-Encoding", List.of()).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("gzip"));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
