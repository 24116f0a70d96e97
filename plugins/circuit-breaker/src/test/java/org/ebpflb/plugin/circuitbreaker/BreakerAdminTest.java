package org.ebpflb.plugin.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakerAdminTest {
    @TempDir
    Path dir;

    private AdminResponse call(BreakerAdmin admin, String service, String target, String action,
                               Map<String, Object> body) throws Exception {
        return admin.routes().get(0).handler().handle(new AdminRequest("POST", "/x", Map.of("name", service,
                "ip:port", target, "action", action), Map.of(), body));
    }

    @Test
    void commandsReachTheCircuitAndBadOnesAreRefusedWithTheirReason() throws Exception {
        StaticServiceModel model = HoconModels.model(dir, """
                services = [
                  { name = web, circuit-breaker {}, targets = [ { ip = "198.18.1.11", port = 8080 } ] }
                  { name = plain, targets = [ { ip = "198.18.1.12", port = 8080 } ] }
                ]""");
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (TestPluginContext context = new TestPluginContext(ConfigFactory.empty(), model, clock)) {
            BreakerBook book = new BreakerBook(clock, context.events(), () -> { });
            BreakerConfig config = BreakerConfig.read(ConfigFactory.parseURL(getClass().getResource(
                    "/reference.conf")).resolve().getConfig("lb.plugins.circuit-breaker")).config()
                    .orElseThrow();
            book.sync(model, config.breakers(model));
            BreakerAdmin admin = new BreakerAdmin(context, book);

            AdminResponse opened = call(admin, "web", "198.18.1.11:8080", "open", Map.of());
            assertEquals(200, opened.status());
            assertEquals("open", ((Map<?, ?>) opened.body()).get("state"));
            assertEquals(new AdminResponse(400, Map.of("error", "unknown action 'trip'; use open, close or reset")),
                    call(admin, "web", "198.18.1.11:8080", "trip", Map.of()));
            assertEquals(new AdminResponse(400, Map.of("error", "a circuit command takes no body")),
                    call(admin, "web", "198.18.1.11:8080", "close", Map.of("for", "1m")));
            assertEquals(new AdminResponse(404, Map.of("error", "no service 'nope'")),
                    call(admin, "nope", "198.18.1.11:8080", "open", Map.of()));
            assertEquals(new AdminResponse(400, Map.of("error", "'x' is not ip:port")),
                    call(admin, "web", "x", "open", Map.of()));
            assertEquals(new AdminResponse(409, Map.of("error", "service 'plain' has no circuit-breaker block")),
                    call(admin, "plain", "198.18.1.12:8080", "open", Map.of()));
            assertEquals(new AdminResponse(404, Map.of("error", "service 'web' has no target 198.18.1.12:8080")),
                    call(admin, "web", "198.18.1.12:8080", "open", Map.of()));
            assertEquals("forced open", ((Map<?, ?>) book.snapshot().get("web").get(0)).get("reason"),
                    "refused commands changed nothing");
        }
    }
}
