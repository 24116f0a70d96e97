package org.ebpflb.runtime.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status page at {@code /}: one HTML file, its stylesheet and its script, shipped in this JAR and served as they
 * are (no build step, nothing fetched from elsewhere; the Content-Security-Policy forbids it). The script reads the
 * admin API every second. The page learns from a meta tag whether a token is configured, and only then offers the
 * buttons that change state.
 */
final class StatusPage {
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("status-page.html", "text/html; charset=utf-8"),
            "/status-page.css", new Asset("status-page.css", "text/css; charset=utf-8"),
            "/status-page.js", new Asset("status-page.js", "text/javascript; charset=utf-8"));
    private static final String TOKEN_MARK = "@TOKEN_REQUIRED@";
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> bodies;

    /** @param tokenRequired whether the admin API has a token, so the page shows its buttons */
    StatusPage(boolean tokenRequired) {
        Map<String, byte[]> read = new HashMap<>();
        ASSETS.forEach((path, asset) -> read.put(path, read(asset.file())
                .replace(TOKEN_MARK, Boolean.toString(tokenRequired)).getBytes(StandardCharsets.UTF_8)));
        this.bodies = Map.copyOf(read);
    }

    /**
     * @param path a request path
     * @return whether it is one of the page's files
     */
    static boolean serves(String path) {
        return ASSETS.containsKey(path);
    }

    /**
     * Answers GET and HEAD with the file; other methods with 405.
     *
     * @param exchange a request for one of the page's files
     * @param path its path
     */
    void serve(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            byte[] body = ("{\"error\":\"method " + method + " is not allowed on " + path + "; use GET\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(405, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        byte[] body = bodies.get(path);
        exchange.getResponseHeaders().set("Content-Type", ASSETS.get(path).contentType());
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String read(String file) {
        try (InputStream in = StatusPage.class.getResourceAsStream(file)) {
            return new String(Optional.ofNullable(in).orElseThrow(() -> new IllegalStateException(
                    "status page file " + file + " is missing from the JAR")).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the page and its media type. */
    private record Asset(String file, String contentType) {
    }
}
