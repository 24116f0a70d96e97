package org.ebpflb.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.runtime.config.AdminSettings;
import org.ebpflb.runtime.event.AsyncEventBus;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.testing.Http;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.OverlayView;
import org.ebpflb.runtime.view.PluginView;
import org.ebpflb.runtime.view.ReloadView;
import org.ebpflb.runtime.view.RuntimeChangeView;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on 127.0.0.1, port 0, driven by a real HTTP client. */
class AdminServerTest {
    @TempDir
    Path work;

    private final Backend backend = new Backend();
    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void coreRoutesAnswerWithJsonViews() throws Exception {
        start(Optional.empty());

        HttpResponse<String> status = Http.get(server.address(), "/api/v1/status");
        HttpResponse<String> explain = Http.get(server.address(), "/api/v1/services/web/explain");
        HttpResponse<String> plugins = Http.get(server.address(), "/api/v1/plugins");
        HttpResponse<String> services = Http.get(server.address(), "/api/v1/services");

        assertEquals(200, status.statusCode());
        assertEquals("application/json; charset=utf-8", status.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(backend.status, Json.mapper().readValue(status.body(), StatusView.class));
        assertEquals(backend.explain, Json.mapper().readValue(explain.body(), ExplainView.class));
        assertEquals(List.of(backend.plugin), List.of(Json.mapper().readValue(plugins.body(), PluginView[].class)));
        assertEquals(200, services.statusCode());
        assertEquals("[]", services.body());
    }

    @Test
    void servesTheStatusPageFromTheJarWithoutButtonsWhenNoTokenIsConfigured() throws Exception {
        start(Optional.empty());

        HttpResponse<String> page = Http.get(server.address(), "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("<meta name=\"lb-token-required\" content=\"false\">"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"));
        for (String asset : List.of("/status-page.css", "/status-page.js")) {
            HttpResponse<String> r = Http.get(server.address(), asset);
            assertEquals(200, r.statusCode(), asset);
            assertTrue(page.body().contains("\"" + asset + "\""), "the page links " + asset);
            String text = r.body().replace("http://www.w3.org/2000/svg", ""); // a name space, not a place
            assertTrue(!text.contains("http://") && !text.contains("https://"), asset + " fetches nothing");
        }
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "the page fetches nothing");
    }

    @Test
    void theStatusPageOffersItsButtonsWhenATokenIsConfiguredAndIsReadOnly() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("token"), "s3cret-0123456789\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        start(Optional.of(tokenFile));

        HttpResponse<String> page = Http.get(server.address(), "/");
        assertTrue(page.body().contains("<meta name=\"lb-token-required\" content=\"true\">"), page.body());
        assertTrue(!page.body().contains("s3cret"), "the token itself never reaches the page");
        HttpResponse<String> post = Http.send(server.address(), "POST", "/", "{}", null);
        assertRefused(post, 405, "method POST is not allowed on /; use GET");
        assertRefused(Http.get(server.address(), "/status-page.map"), 404, "no such path: /status-page.map");
    }

    @Test
    void refusalsAreJsonWithAReason() throws Exception {
        start(Optional.empty());

        assertRefused(Http.get(server.address(), "/api/v1/services/nope/explain"), 404, "unknown service: nope");
        assertRefused(Http.get(server.address(), "/api/v2/whatever"), 404, "no such path: /api/v2/whatever");
        HttpResponse<String> wrongMethod = Http.send(server.address(), "DELETE", "/api/v1/status", null, null);
        assertRefused(wrongMethod, 405, "method DELETE is not allowed on /api/v1/status; use GET");
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void mutatingCallsNeedTheTokenWhenOneIsConfigured() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("token"), "s3cret-0123456789\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        start(Optional.of(tokenFile));

        assertRefused(Http.send(server.address(), "POST", "/api/v1/reload", null, null), 401,
                "this call changes state and needs 'Authorization: Bearer <token>'");
        assertEquals(401, Http.send(server.address(), "POST", "/api/v1/reload", null, "wrong").statusCode());
        assertEquals(200, Http.send(server.address(), "POST", "/api/v1/reload", null, "s3cret-0123456789")
                .statusCode());
        assertEquals(200, Http.get(server.address(), "/api/v1/status").statusCode(), "reading needs no token");
        assertEquals(1, backend.reloads.size());
    }

    @Test
    void runtimeChangesNeedTheTokenAndNoneReachesTheRuntimeWithoutIt() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("token"), "s3cret-0123456789\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        start(Optional.of(tokenFile));
        List<String[]> calls = List.of(
                new String[] {"POST", "/api/v1/services", "{\"service\": \"name = x\"}"},
                new String[] {"DELETE", "/api/v1/services/web", null},
                new String[] {"POST", "/api/v1/services/web/targets", "{\"ip\": \"198.18.1.4\", \"port\": 80}"},
                new String[] {"DELETE", "/api/v1/services/web/targets/198.18.1.4:80", null},
                new String[] {"POST", "/api/v1/services/web/targets/198.18.1.4:80/weight", "{\"weight\": 5}"},
                new String[] {"DELETE", "/api/v1/runtime", null});

        for (String[] call : calls) {
            assertRefused(Http.send(server.address(), call[0], call[1], call[2], null), 401,
                    "this call changes state and needs 'Authorization: Bearer <token>'");
        }
        assertEquals(List.of(), backend.runtime.calls, "nothing reached the runtime without the token");
        assertEquals(200, Http.get(server.address(), "/api/v1/runtime").statusCode(), "reading needs no token");
        for (String[] call : calls) {
            assertEquals(200, Http.send(server.address(), call[0], call[1], call[2], "s3cret-0123456789")
                    .statusCode(), call[0] + " " + call[1]);
        }
        assertEquals(List.of("service add admin API", "service remove web",
                "target add web {ip=198.18.1.4, port=80}", "target remove web 198.18.1.4:80",
                "target weight web 198.18.1.4:80 5", "runtime clear"), backend.runtime.calls);
    }

    @Test
    void rejectedReloadIs422WithTheProblems() throws Exception {
        backend.reloadOutcome = new ReloadView(false, List.of(), List.of("lb.conf:3: bad port"));
        start(Optional.empty());

        HttpResponse<String> r = Http.send(server.address(), "POST", "/api/v1/reload", null, null);

        assertEquals(422, r.statusCode());
        JsonNode body = Json.mapper().readTree(r.body());
        assertEquals("lb.conf:3: bad port", body.get("problems").get(0).asText());
        assertTrue(body.get("error").asText().contains("running configuration stays"));
    }

    @Test
    void pluginRoutesBindPathParametersQueryAndBody() throws Exception {
        List<AdminRequest> seen = new CopyOnWriteArrayList<>();
        backend.routes.add(new Registered<>("drain", new AdminRoute("POST",
                "/api/v1/services/{name}/targets/{ip:port}/drain", r -> {
                    seen.add(r);
                    return AdminResponse.ok(Map.of("draining", r.param("ip:port")));
                })));
        start(Optional.empty());

        HttpResponse<String> r = Http.send(server.address(), "POST",
                "/api/v1/services/web/targets/198.18.1.2:8080/drain?dry=yes", "{\"timeout\":\"30s\"}", null);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"draining\":\"198.18.1.2:8080\"}", r.body());
        AdminRequest request = seen.get(0);
        assertEquals(Map.of("name", "web", "ip:port", "198.18.1.2:8080"), request.pathParams());
        assertEquals(Map.of("dry", "yes"), request.query());
        assertEquals(Map.of("timeout", "30s"), request.body());
    }

    @Test
    void malformedBodiesAreRefusedBeforeThePluginSeesThem() throws Exception {
        List<AdminRequest> seen = new CopyOnWriteArrayList<>();
        backend.routes.add(new Registered<>("drain", new AdminRoute("POST", "/api/v1/drains/{name}", r -> {
            seen.add(r);
            return AdminResponse.ok(Map.of());
        })));
        start(Optional.empty());

        HttpResponse<String> broken = Http.send(server.address(), "POST", "/api/v1/drains/x", "{\"timeout\":", null);
        HttpResponse<String> array = Http.send(server.address(), "POST", "/api/v1/drains/x", "[1, 2]", null);
        HttpResponse<String> huge = Http.send(server.address(), "POST", "/api/v1/drains/x",
                "{\"a\":\"" + "x".repeat(1 << 20) + "\"}", null);

        assertEquals(400, broken.statusCode());
        assertTrue(Json.mapper().readTree(broken.body()).get("error").asText()
                .startsWith("request body is not valid JSON"), broken.body());
        assertRefused(array, 400, "request body must be a JSON object");
        assertEquals(413, huge.statusCode());
        assertEquals(List.of(), seen);
    }

    @Test
    void failingPluginRouteIs500WithItsMessageAndTheServerKeepsServing() throws Exception {
        backend.routes.add(new Registered<>("dns", new AdminRoute("GET", "/api/v1/dns", r -> {
            throw new IllegalStateException("resolver not ready");
        })));
        backend.routes.add(new Registered<>("dns", new AdminRoute("GET", "/api/v1/dns/odd", r ->
                AdminResponse.ok(new Unwritable("x")))));
        start(Optional.empty());

        assertRefused(Http.get(server.address(), "/api/v1/dns"), 500, "resolver not ready");
        HttpResponse<String> odd = Http.get(server.address(), "/api/v1/dns/odd");
        assertEquals(500, odd.statusCode());
        assertTrue(Json.mapper().readTree(odd.body()).get("error").asText().startsWith("response cannot be written"));
        assertEquals(200, Http.get(server.address(), "/api/v1/status").statusCode());
    }

    @Test
    void refusesNonLoopbackWithoutToken() {
        AdminSettings open = new AdminSettings(new InetSocketAddress(anyAddress(), 0), Optional.empty());

        AdminStartException e = assertThrows(AdminStartException.class, () -> AdminServer.bind(open));

        assertTrue(e.getMessage().startsWith("admin API refuses to listen on 0.0.0.0:0 without a token"),
                e.getMessage());
    }

    @Test
    void refusesAnEmptyOrMissingTokenFile() throws Exception {
        Path empty = Files.writeString(work.resolve("empty"), "  \n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        assertEquals("admin token file " + empty + " is empty", assertThrows(AdminStartException.class,
                () -> AdminServer.bind(new AdminSettings(loopback, Optional.of(empty)))).getMessage());
        assertTrue(assertThrows(AdminStartException.class, () -> AdminServer.bind(
                new AdminSettings(loopback, Optional.of(work.resolve("missing"))))).getMessage()
                .contains("does not exist"));
    }

    @Test
    void reloadPassesAllowRemoveAllAndRefusesAnythingButABoolean() throws Exception {
        start(Optional.empty());
        assertEquals(200, Http.send(server.address(), "POST", "/api/v1/reload", "{\"allowRemoveAll\": true}", null)
                .statusCode());
        assertRefused(Http.send(server.address(), "POST", "/api/v1/reload", "{\"allowRemoveAll\": \"yes\"}", null),
                400, "allowRemoveAll must be true or false");

        assertEquals(List.of("reload, allowing removal of all"), backend.reloads);
    }

    /**
     * Hostile: clients that connect and send nothing. Beyond the cap each new connection is closed as it is
     * accepted, so held connections cannot grow the JVM; they are closed after the request time limit (the
     * distribution test shows that, and the memory it saves).
     */
    @Test
    void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
        start(Optional.empty());
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < AdminServer.MAX_CONNECTIONS + 20; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
                s.setSoTimeout(2000);
                held.add(s);
            }
            int closedByServer = 0;
            for (Socket s : held.subList(AdminServer.MAX_CONNECTIONS + 5, held.size())) {
                closedByServer += closedByPeer(s) ? 1 : 0;
            }
            assertEquals(15, closedByServer, "connections past the cap of " + AdminServer.MAX_CONNECTIONS);
            assertFalse(closedByPeer(held.get(0)), "a connection within the cap stays open");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Await.until("status answers once the holders are gone", () -> statusAnswers(), Duration.ofSeconds(10));
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private boolean statusAnswers() {
        try {
            return Http.get(server.address(), "/api/v1/status").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void busyPortIsAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AdminSettings settings = new AdminSettings(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), busy.getLocalPort()), Optional.empty());

            AdminStartException e = assertThrows(AdminStartException.class, () -> AdminServer.bind(settings));

            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), e.getMessage());
        }
    }

    private void start(Optional<Path> tokenFile) throws AdminStartException {
        server = AdminServer.bind(new AdminSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                tokenFile));
        server.serve(backend);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Map.of("error", reason), Json.mapper().readValue(response.body(), Map.class));
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A body Jackson cannot write: its accessor throws.
     *
     * @param value never read
     */
    public record Unwritable(String value) {
        /** @return never */
        @Override
        public String value() {
            throw new IllegalStateException("no");
        }
    }

    /** A backend with fixed views, so these tests look at the server alone. */
    private static final class Backend implements AdminBackend {
        final StatusView status = new StatusView("test", "0.1", "1.0", "6.18", "2025-01-01T00:00:00Z", 5, "lb.conf",
                "in-memory", false, new StatusView.Reconcile(1, null, 1, null), List.of(), Map.of("dns", 2L),
                List.of(), Map.of("no-service", 4L), ConntrackStats.NONE, Map.of("health", Map.of("up", 3)));
        final ExplainView explain = new ExplainView("web", "tcp/80", "five-tuple", List.of(), null);
        final PluginView plugin = new PluginView("dns", "1.0", "1.0", "built-in", "RUNNING", null, false, List.of(),
                List.of("DnsSource"), List.of(), List.of(), List.of("host"));
        final List<Registered<AdminRoute>> routes = new CopyOnWriteArrayList<>();
        final List<String> reloads = new CopyOnWriteArrayList<>();
        volatile ReloadView reloadOutcome = new ReloadView(true, List.of("web"), List.of());
        final RecordingRuntime runtime = new RecordingRuntime();
        final AsyncEventBus events = new AsyncEventBus();

        @Override
        public StatusView status() {
            return status;
        }

        @Override
        public List<ServiceView> services() {
            return List.of();
        }

        @Override
        public Optional<ExplainView> explain(String service) {
            return service.equals("web") ? Optional.of(explain) : Optional.empty();
        }

        @Override
        public List<PluginView> plugins() {
            return List.of(plugin);
        }

        @Override
        public ReloadView reload(boolean allowRemoveAll) {
            reloads.add(allowRemoveAll ? "reload, allowing removal of all" : "reload");
            return reloadOutcome;
        }

        @Override
        public List<Registered<AdminRoute>> pluginRoutes() {
            return routes;
        }

        @Override
        public RuntimeControl runtime() {
            return runtime;
        }

        @Override
        public EventBus events() {
            return events;
        }
    }

    /** Records the runtime changes that reach it and applies each (nothing is behind it). */
    private static final class RecordingRuntime implements RuntimeControl {
        final List<String> calls = new CopyOnWriteArrayList<>();

        private RuntimeChangeView record(String change) {
            calls.add(change);
            return new RuntimeChangeView(change, true, List.of("web"), List.of(), "lb.conf.runtime.conf");
        }

        @Override
        public RuntimeChangeView addTarget(String service, Map<String, Object> target) {
            return record("target add " + service + " " + new TreeMap<>(target));
        }

        @Override
        public RuntimeChangeView removeTarget(String service, String target) {
            return record("target remove " + service + " " + target);
        }

        @Override
        public RuntimeChangeView setWeight(String service, String target, Object weight) {
            return record("target weight " + service + " " + target + " " + weight);
        }

        @Override
        public RuntimeChangeView defineService(String text, String source, boolean replace) {
            return record("service add " + source);
        }

        @Override
        public RuntimeChangeView removeService(String service) {
            return record("service remove " + service);
        }

        @Override
        public RuntimeChangeView clear() {
            return record("runtime clear");
        }

        @Override
        public OverlayView overlay() {
            return new OverlayView("lb.conf.runtime.conf", List.of(), "", List.of());
        }
    }
}
