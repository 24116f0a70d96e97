package org.ebpflb.plugin.healthcommon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.WeightModifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "health" status section and the registered modifier. */
class StatusTest {
    private static final String TWO_TARGETS = """
            services = [ { name = web, health-check { interval = 1s, unhealthy-threshold = 1 }, targets = [
              { ip = "198.18.1.2", port = 80 }
              { ip = "198.18.1.3", port = 80 }
            ] } ]
            """;

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(StatusProvider status, String name) {
        Map<String, Object> root = (Map<String, Object>) status.snapshot();
        return (Map<String, Object>) ((Map<String, Object>) root.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> service, String key) {
        return (List<Map<String, Object>>) service.get(key);
    }

    @Test
    void reportsEachTargetAndPanicWhenTheWholeGroupIsUnhealthy() {
        try (CheckerHarness h = new CheckerHarness(dir, TWO_TARGETS)) {
            StatusProvider status = h.checker.statusProvider();
            assertEquals("health", status.section());
            h.type.set(Endpoint.parse("198.18.1.2:80"), (t, s) -> ProbeResult.failure(Duration.ofMillis(4),
                    "connect refused"));
            h.tick();

            Map<String, Object> web = service(status, "web");
            Map<String, Object> group = list(web, "groups").get(0);
            assertEquals("default", group.get("group"));
            assertEquals(1L, group.get("unhealthy"));
            assertFalse(group.containsKey("panic"));
            Map<String, Object> a = list(web, "targets").get(0);
            assertEquals("198.18.1.2:80", a.get("target"));
            assertEquals(false, a.get("healthy"));
            assertEquals("unhealthy", a.get("state"));
            assertEquals("fail", a.get("last-result"));
            assertEquals(4.0, a.get("latency-ms"));
            assertEquals("connect refused", a.get("reason"));
            assertEquals(1, a.get("consecutive-failures"));
            assertEquals(0.0, a.get("weight-factor"));
            Map<String, Object> b = list(web, "targets").get(1);
            assertEquals("pass", b.get("last-result"));
            assertEquals("connected", b.get("reason"));

            h.type.setAll((t, s) -> ProbeResult.failure(Duration.ofMillis(4), "connect refused"));
            h.run(Duration.ofSeconds(1));
            group = list(service(status, "web"), "groups").get(0);
            assertEquals(2L, group.get("unhealthy"));
            assertEquals("panic: all targets unhealthy, traffic spread over all", group.get("panic"));
        }
    }

    @Test
    void statusShowsTheRampDuringSlowStart() {
        try (CheckerHarness h = new CheckerHarness(dir, TWO_TARGETS.replace("unhealthy-threshold = 1",
                "unhealthy-threshold = 1, healthy-threshold = 1, slow-start = 3s"))) {
            h.type.setAll((t, s) -> ProbeResult.failure(Duration.ofMillis(4), "connect refused"));
            h.tick();
            h.type.setAll((t, s) -> ProbeResult.success(Duration.ofMillis(4), "connected"));
            h.run(Duration.ofSeconds(2));
            Map<String, Object> a = list(service(h.checker.statusProvider(), "web"), "targets").get(0);
            assertEquals("slow-start", a.get("state"));
            assertEquals("50%", a.get("ramp"));
        }
    }

    @Test
    void modifierRunsAtHealthOrderAsAvailability() {
        try (CheckerHarness h = new CheckerHarness(dir, TWO_TARGETS)) {
            WeightModifier modifier = h.checker.weightModifier();
            assertEquals(WeightModifier.ORDER_HEALTH, modifier.order());
            assertEquals("health-test", modifier.name());
            assertEquals(FactorKind.AVAILABILITY, modifier.factor(h.target("198.18.1.2:80")).kind());
        }
    }
}
