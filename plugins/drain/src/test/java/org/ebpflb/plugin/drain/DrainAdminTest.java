package org.ebpflb.plugin.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainAdminTest {
    private static final String TARGET = "198.18.1.11:8080";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestPluginContext context;
    private DrainBook book;
    private List<AdminRoute> routes;

    @BeforeEach
    void setUp() {
        context = new TestPluginContext(ConfigFactory.empty(), HoconModels.model(dir, """
                services = [
                  { name = web, drain-timeout = 45s, targets = [ { ip = "198.18.1.11", port = 8080 } ] }
                  { name = api, targets = [ { ip = "198.18.1.12", port = 8080 } ] }
                ]"""), clock);
        book = new DrainBook(clock, context.events(), Optional.empty(), Optional.empty(), () -> { },
                Duration.ofSeconds(1));
        routes = new DrainAdmin(context, book, () -> new DrainSettings(Duration.ofSeconds(1), Duration.ofSeconds(30),
                OnTimeout.KEEP), new TablesWatch(), Duration.ZERO).routes();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private AdminResponse call(String method, String service, String target, Map<String, Object> body)
            throws Exception {
        AdminRoute route = routes.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
        return route.handler().handle(new AdminRequest(method, "/x", Map.of("name", service, "ip:port", target),
                Map.of(), body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(AdminResponse r) {
        return (Map<String, Object>) r.body();
    }

    @Test
    void drainTakesTheServiceTimeoutOrTheRequestsAndUndrainEndsIt() throws Exception {
        AdminResponse web = call("POST", "web", TARGET, Map.of());
        assertEquals(200, web.status());
        assertEquals("45s", body(web).get("timeout"), "the service's drain-timeout");
        assertEquals(true, body(web).get("created"));
        assertEquals(false, body(web).get("kept-across-restart"), "no drain store in this context");
        assertEquals(false, body(web).get("tables-applied"), "no reconciler here");
        AdminResponse api = call("POST", "api", "198.18.1.12:8080", Map.of("timeout", "2m", "on-timeout", "reset"));
        assertEquals("120s", body(api).get("timeout"));
        assertEquals("reset", body(api).get("on-timeout"));
        AdminResponse again = call("POST", "web", TARGET, Map.of("timeout", "1s"));
        assertEquals(false, body(again).get("created"));
        assertEquals("45s", body(again).get("timeout"));

        AdminResponse list = routes.stream().filter(r -> r.method().equals("GET")).findFirst().orElseThrow()
                .handler().handle(new AdminRequest("GET", DrainAdmin.LIST_PATH, Map.of(), Map.of(), Map.of()));
        assertEquals(2, ((List<?>) body(list).get("drains")).size());

        AdminResponse undrain = call("DELETE", "web", TARGET, Map.of());
        assertEquals(200, undrain.status());
        assertEquals("cancelled", body(undrain).get("ended"));
        assertEquals(404, call("DELETE", "web", TARGET, Map.of()).status());
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndChangeNothing() throws Exception {
        assertEquals(new AdminResponse(404, Map.of("error", "no service 'nope'")),
                call("POST", "nope", TARGET, Map.of()));
        assertEquals(new AdminResponse(400, Map.of("error", "'198.18.1.11' is not ip:port")),
                call("POST", "web", "198.18.1.11", Map.of()));
        assertEquals(new AdminResponse(404, Map.of("error", "service 'web' has no target 198.18.1.12:8080")),
                call("POST", "web", "198.18.1.12:8080", Map.of()));
        assertEquals(new AdminResponse(400, Map.of("error", "timeout must be a duration with a unit such as 5s or "
                + "250ms, got 'soon'")), call("POST", "web", TARGET, Map.of("timeout", "soon")));
        assertEquals(400, call("POST", "web", TARGET, Map.of("timeout", "0s")).status());
        assertEquals(400, call("POST", "web", TARGET, Map.of("timeout", 30)).status());
        assertEquals(new AdminResponse(400, Map.of("error", "on-timeout must be keep or reset, got 'drop'")),
                call("POST", "web", TARGET, Map.of("on-timeout", "drop")));
        assertEquals(new AdminResponse(400, Map.of("error", "unknown key 'timout' (did you mean 'timeout'?)")),
                call("POST", "web", TARGET, Map.of("timout", "3s")));
        assertEquals(List.of(), book.snapshot(), "no refused request drained anything");
    }
}
