package org.ebpflb.runtime.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.runtime.config.AdminSettings;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.view.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over HTTP/JSON (jdk.httpserver, Jackson): the core routes, then plugin routes, and the status page at
 * {@code /} ({@link StatusPage}) and the event stream ({@link EventStream}). Every other API answer is JSON;
 * refusals carry {@code {"error": reason}}: 404 for an unknown path, 405 for a wrong method, 401 for a mutating call without the token, 400 for a body that is not a JSON
 * object, 413 for an oversized body.
 *
 * <p>The port is bound first ({@link #bind}), before the data plane is touched, and served once the runtime is up
 * ({@link #serve}). At most {@value #MAX_CONNECTIONS} connections are open at a time (more are closed as they are
 * accepted), and a request whose headers and body have not arrived within {@value #MAX_REQUEST_SECONDS} s is
 * closed, so clients that connect and stay silent cannot pile up. These are the JDK server's own limits, set as
 * system properties before its first use; {@code LB_JAVA_OPTS} may set them otherwise.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 1 << 20;
    /** Open admin connections at most: operators and scrapers need a handful. */
    static final int MAX_CONNECTIONS = 64;
    /** Seconds a request may take to arrive, headers and body. */
    static final int MAX_REQUEST_SECONDS = 10;

    static {
        // read once, when the JDK's server class initialises: before the first HttpServer.create
        limit("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
        limit("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        // how often silent new connections are looked at (milliseconds; the JDK's default is 10 s)
        limit("sun.net.httpserver.clockTick", 1000);
        // TCP_NODELAY: the server writes a response's headers and body separately, and with Nagle's algorithm a body
        // shorter than a segment waits for the client's delayed ACK of the headers (40 ms on Linux). This JVM-wide
        // setting also serves the metrics plugin's endpoint, which starts after the admin API is bound.
        limit("sun.net.httpserver.nodelay", true);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BearerToken token;
    private final StatusPage page;
    private AdminBackend backend;
    private List<Registered<AdminRoute>> core;
    private boolean serving;

    private AdminServer(HttpServer server, BearerToken token) {
        this.server = server;
        this.token = token;
        this.page = new StatusPage(token.required());
    }

    private static void limit(String property, Object value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value.toString());
        }
    }

    /**
     * Binds the port without answering yet (connections wait in the backlog), so that a port in use stops the start
     * before anything else is touched.
     *
     * @param settings where to listen and the token file
     * @return the bound server; {@link #serve} it or {@link #close} it
     * @throws AdminStartException when the settings are unsafe or the address cannot be bound
     */
    public static AdminServer bind(AdminSettings settings) throws AdminStartException {
        BearerToken token = BearerToken.from(settings);
        HttpServer http;
        try {
            http = HttpServer.create(settings.listen(), 0);
        } catch (BindException e) {
            throw new AdminStartException("admin API cannot listen on " + describe(settings.listen()) + ": "
                    + e.getMessage() + " (another instance running? change lb.admin.listen)");
        } catch (IOException e) {
            throw new AdminStartException("admin API cannot listen on " + describe(settings.listen()) + ": " + e);
        }
        AdminServer admin = new AdminServer(http, token);
        http.setExecutor(admin.executor);
        return admin;
    }

    /**
     * Starts answering from the running instance.
     *
     * @param running the running instance
     */
    public synchronized void serve(AdminBackend running) {
        this.backend = running;
        this.core = CoreRoutes.of(running);
        server.createContext("/", this::handle);
        server.createContext(EventStream.PATH, new EventStream(running.events(), EventStream.DEFAULT_QUEUE,
                EventStream.DEFAULT_GRACE)::handle);
        server.start(); // handler threads see backend and core: start() happens before them
        serving = true;
        log.info("admin API listening on {}{}", describe(address()), token.required() ? " (token required for changes)"
                : "");
    }

    /** @return the bound address (with the real port when 0 was configured) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (StatusPage.serves(path)) {
                page.serve(exchange, path);
                return;
            }
            AdminResponse response;
            try {
                response = answer(exchange);
            } catch (RuntimeException e) {
                log.warn("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = AdminResponse.error(500, e.toString());
            }
            send(exchange, response);
        }
    }

    private AdminResponse answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        List<Registered<AdminRoute>> routes = new ArrayList<>(core);
        routes.addAll(backend.pluginRoutes());
        Set<String> allowed = new LinkedHashSet<>();
        for (Registered<AdminRoute> r : routes) {
            Optional<Map<String, String>> params = new PathTemplate(r.item().path()).match(rawPath);
            if (params.isEmpty()) {
                continue;
            }
            if (!r.item().method().equalsIgnoreCase(method)) {
                allowed.add(r.item().method().toUpperCase(Locale.ROOT));
                continue;
            }
            if (!method.equals("GET") && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                return AdminResponse.error(401, "this call changes state and needs 'Authorization: Bearer <token>'");
            }
            try {
                return call(r, new AdminRequest(method, rawPath, params.get(), query(exchange), body(exchange)));
            } catch (Refusal refusal) {
                return AdminResponse.error(refusal.status, refusal.getMessage());
            }
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().add("Allow", String.join(", ", allowed));
            return AdminResponse.error(405, "method " + method + " is not allowed on " + rawPath + "; use "
                    + String.join(" or ", allowed));
        }
        return AdminResponse.error(404, "no such path: " + rawPath);
    }

    private static AdminResponse call(Registered<AdminRoute> route, AdminRequest request) {
        try {
            AdminResponse response = route.item().handler().handle(request);
            return response != null ? response
                    : AdminResponse.error(500, "the route of plugin " + route.pluginId() + " gave no response");
        } catch (Exception | LinkageError e) {
            log.warn("admin route {} {} of {} failed", route.item().method(), route.item().path(), route.pluginId(),
                    e);
            return AdminResponse.error(500, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private static Map<String, Object> body(HttpExchange exchange) throws IOException, Refusal {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        if (raw.length > MAX_BODY) {
            throw new Refusal(413, "request body is larger than " + MAX_BODY + " bytes");
        }
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = Json.mapper().readValue(raw, Object.class);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new Refusal(400, "request body must be a JSON object");
            }
            return Json.mapper().convertValue(parsed, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static void send(HttpExchange exchange, AdminResponse response) throws IOException {
        byte[] json;
        int status = response.status();
        try {
            json = Json.mapper().writeValueAsBytes(response.body());
        } catch (JsonProcessingException e) {
            status = 500;
            json = Json.mapper().writeValueAsBytes(Map.of("error", "response cannot be written as JSON: "
                    + e.getOriginalMessage()));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static String describe(InetSocketAddress address) {
        return IpAddresses.withPort(address.getAddress(), address.getPort());
    }

    /** Stops accepting requests, gives running ones a second, and ends the handler threads. */
    @Override
    public synchronized void close() {
        server.stop(serving ? 1 : 0);
        executor.shutdownNow();
    }

    /** A request refused before it reaches a route. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refusal(int status, String reason) {
            super(reason);
            this.status = status;
        }
    }
}
