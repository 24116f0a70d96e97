package org.ebpflb.plugin.healthcommon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.testkit.StaticServiceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker follows reloads and DNS expansion by re-reading the model. */
class ModelFollowTest {
    private static final Endpoint A = Endpoint.parse("198.18.1.2:80");
    private static final Endpoint B = Endpoint.parse("198.18.1.3:80");

    @TempDir
    Path dir;

    private static String web(String healthCheck, String... ips) {
        StringBuilder targets = new StringBuilder();
        for (String ip : ips) {
            targets.append("{ ip = \"").append(ip).append("\", port = 80 }\n");
        }
        return "services = [ { name = web, health-check { " + healthCheck + " }, targets = [\n" + targets + "] } ]";
    }

    @Test
    void reloadStartsNewTargetsInTheirInitialStateAndKeepsExistingState() {
        try (CheckerHarness h = new CheckerHarness(dir, web("interval = 1s", "198.18.1.2"))) {
            h.type.setAll((t, s) -> ProbeResult.failure(Duration.ofMillis(1), "connect refused"));
            h.tick();
            h.run(Duration.ofSeconds(1));
            assertEquals(2, h.health(A.toString()).consecutiveFailures());

            h.reload(web("interval = 1s, initial-state = unhealthy", "198.18.1.2", "198.18.1.3"));
            assertEquals("unhealthy: initial state, no probe yet", h.factor(B.toString()).reason(),
                    "the weight pipeline sees the new target's initial state before the next tick");
            assertTrue(h.health(A.toString()).healthy(), "A keeps its state over the reload");
            assertEquals(2, h.health(A.toString()).consecutiveFailures());

            h.run(Duration.ofSeconds(1));
            assertFalse(h.health(A.toString()).healthy(), "A's third failure counts on top of the first two");
            assertEquals(2, h.type.callsTo(B), "B joined at 1 s: probed at the next tick (1.1 s) and at 2 s");
        }
    }

    @Test
    void removedTargetsStopBeingProbed() {
        try (CheckerHarness h = new CheckerHarness(dir, web("interval = 1s", "198.18.1.2", "198.18.1.3"))) {
            h.tick();
            h.reload(web("interval = 1s", "198.18.1.2"));
            h.run(Duration.ofSeconds(5));
            assertEquals(1, h.type.callsTo(B));
            assertEquals(6, h.type.callsTo(A));
            assertTrue(h.checker.health("web", B).isEmpty());
        }
    }

    @Test
    void followsDnsExpansionOfOneSpec() {
        try (CheckerHarness h = new CheckerHarness(dir, web("interval = 1s", "198.18.1.2"))) {
            ServiceSpec web = h.context.model().services().get(0);
            TargetSpec spec = web.targets().get(0);
            Endpoint c = Endpoint.parse("198.18.1.4:80");
            h.reload(new StaticServiceModel(List.of(web), List.of(expanded(web, spec, A), expanded(web, spec, B),
                    expanded(web, spec, c))));
            h.tick();
            assertEquals(Map.of(A, 1L, B, 1L, c, 1L), Map.of(A, h.type.callsTo(A), B, h.type.callsTo(B), c,
                    h.type.callsTo(c)));

            h.reload(new StaticServiceModel(List.of(web), List.of(expanded(web, spec, c))));
            h.run(Duration.ofSeconds(2));
            assertEquals(List.of(1L, 1L, 3L), List.of(h.type.callsTo(A), h.type.callsTo(B), h.type.callsTo(c)));
        }
    }

    @Test
    void oneBackendInTwoGroupsIsCheckedOnce() {
        String hocon = """
                services = [ { name = web, health-check { interval = 1s }
                  targets = [ { ip = "198.18.1.2", port = 80 } ]
                  source-routes = [ { source = "192.168.0.0/16", targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
                } ]
                """;
        try (CheckerHarness h = new CheckerHarness(dir, hocon)) {
            h.tick();
            h.run(Duration.ofSeconds(2));
            assertEquals(3, h.type.callsTo(A));
            List<Target> both = h.context.model().targets();
            assertEquals(2, both.size());
            assertEquals(h.checker.factor(both.get(0)), h.checker.factor(both.get(1)));
        }
    }

    private static Target expanded(ServiceSpec service, TargetSpec spec, Endpoint address) {
        return new Target(service.name(), ServiceSpec.DEFAULT_GROUP, address, spec.weight() / 3.0, spec);
    }
}
