package org.ebpflb.plugin.leastconn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.StaticServiceModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadShaperTest {
    private static final LeastConnSettings SETTINGS = new LeastConnSettings(Duration.ofSeconds(1), 0.1, 0.05,
            Set.of("web"));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final Map<Endpoint, TrafficCounters> active = new ConcurrentHashMap<>();
    private final DataPlaneStats stats = new DataPlaneStats() {
        @Override
        public TrafficCounters service(String service) {
            return TrafficCounters.ZERO;
        }

        @Override
        public Map<Endpoint, TrafficCounters> targets(String service) {
            return service.equals("web") ? Map.copyOf(active) : Map.of();
        }

        @Override
        public Map<String, Long> drops() {
            return Map.of();
        }
    };
    private StaticServiceModel model;
    private final LoadShaper shaper = new LoadShaper();

    @BeforeEach
    void setUp() {
        model = HoconModels.model(dir, """
                services = [
                  { name = web, targets = [ { ip = "198.18.1.11", port = 80, weight = 1 },
                    { ip = "198.18.1.12", port = 80, weight = 1 }, { ip = "198.18.1.13", port = 80, weight = 2 } ] }
                  { name = other, targets = [ { ip = "198.18.1.11", port = 80 } ] }
                ]""");
    }

    private void active(int backend, long connections) {
        active.put(Endpoint.parse("198.18.1.1" + backend + ":80"), new TrafficCounters(0, 0, 0, 0, connections, 0, 0, connections));
    }

    private WeightFactor factor(String service, int backend) {
        Target t = model.targets().stream().filter(x -> x.service().equals(service)
                && x.endpoint().equals(Endpoint.parse("198.18.1.1" + backend + ":80"))).findFirst().orElseThrow();
        return shaper.factor(t);
    }

    @Test
    void aBusyTargetIsSlowedByItsLoadOverTheGroupsAndTheOthersKeepTheirWeight() {
        active(1, 5);
        active(2, 0);
        active(3, 2);
        assertTrue(shaper.recompute(model, stats, SETTINGS, NOW));
        // weights 1, 1, 2: one connection per average weight is 0.75 per unit; backend 1: 5 + 0.75 per unit,
        // the others: 2 connections over 3 units + 0.75
        assertEquals((2.0 / 3 + 0.75) / 5.75, factor("web", 1).value(), 1e-9);
        assertEquals(FactorKind.LOAD, factor("web", 1).kind());
        assertEquals("5 active, load 5.75, the group's others 1.42", factor("web", 1).reason());
        assertEquals(1, factor("web", 2).value());
        assertEquals(1, factor("web", 3).value(), "2 active on weight 2 is below the group's load");
        assertEquals("not measured yet", factor("other", 1).reason(), "a service not listed is not shaped");
    }

    @Test
    void aFactorNeverReachesZero() {
        active(1, 100_000);
        shaper.recompute(model, stats, SETTINGS, NOW);
        assertEquals(0.05, factor("web", 1).value());
    }

    @Test
    void smallMovesAreIgnoredSoTheTablesStayUnderSteadyLoad() {
        active(1, 50);
        assertTrue(shaper.recompute(model, stats, SETTINGS, NOW));
        double first = factor("web", 1).value();
        for (int extra = 0; extra < 3; extra++) {
            active(2, extra);
            active(1, 50 + extra);
            assertFalse(shaper.recompute(model, stats, SETTINGS, NOW), "steady load: no new tables");
            assertEquals(first, factor("web", 1).value());
        }
        active(1, 0);
        active(2, 0);
        assertTrue(shaper.recompute(model, stats, SETTINGS, NOW), "the busy target emptied");
        assertEquals(1, factor("web", 1).value(), "idle targets of any weight compare equal");
        assertEquals(1, factor("web", 3).value());
    }

    @Test
    void equalLoadPerWeightLeavesEveryFactorAtOne() {
        active(1, 10);
        active(2, 10);
        active(3, 20);
        assertFalse(shaper.recompute(model, stats, SETTINGS, NOW));
        for (int b = 1; b <= 3; b++) {
            assertEquals(1, factor("web", b).value());
        }
    }
}
