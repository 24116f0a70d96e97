package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;

class SpreadTableTest {
    private static final List<SpreadTable.Row> WEIGHTS = List.of(new SpreadTable.Row("backend-1", 50, ""),
            new SpreadTable.Row("backend-2", 30, ""), new SpreadTable.Row("backend-3", 20, ""));

    @Test
    void expectedSharesFollowWeightsAndActualSharesFollowCounts() {
        SpreadTable t = new SpreadTable(WEIGHTS, Map.of("backend-1", 480, "backend-2", 320, "backend-3", 200), 0);
        assertEquals(50.0, t.expectedPercent("backend-1"), 1e-9);
        assertEquals(30.0, t.expectedPercent("backend-2"), 1e-9);
        assertEquals(48.0, t.actualPercent("backend-1"), 1e-9);
        assertEquals(32.0, t.actualPercent("backend-2"), 1e-9);
        assertEquals(2.0, t.maxDeviation(), 1e-9);
        assertEquals(1000, t.answered());
    }

    @Test
    void rendersARowPerBackendAndTheTotals() {
        SpreadTable t = new SpreadTable(WEIGHTS, Map.of("backend-1", 497, "backend-2", 301, "backend-3", 198), 4);
        String text = t.render();
        assertEquals(SpreadTable.HEADER, text.lines().findFirst().orElseThrow());
        assertTrue(text.contains("  backend-1      50     50.0%    49.9%       497\n"), text);
        assertTrue(text.contains("996 answered, 4 failed; largest deviation from the weights 0.2 points"), text);
        assertEquals(5, text.lines().count(), text);
    }

    @Test
    void aBackendExpectedOutGetsZeroAndTheRestShareItsPartAndItsRowSaysWhy() {
        DemoConfig config = new DemoConfig("demo", DemoConfig.SERVICE, java.nio.file.Path.of("/x"), DemoConfig.ADMIN_LISTEN,
                List.of("cli0"), Endpoint.parse("198.18.2.1:80").address(), 80, List.of(
                        new DemoTarget("backend-1", Endpoint.parse("198.18.1.11:8080"), 50),
                        new DemoTarget("backend-2", Endpoint.parse("198.18.1.12:8080"), 30),
                        new DemoTarget("backend-3", Endpoint.parse("198.18.1.13:8080"), 20)),
                java.util.Optional.empty());
        SpreadTable t = new SpreadTable(SpreadTable.rows(config, Map.of("backend-2", "down")),
                Map.of("backend-1", 7, "backend-3", 3), 0);
        assertEquals(0.0, t.expectedPercent("backend-2"), 1e-9);
        assertEquals(100.0 * 50 / 70, t.expectedPercent("backend-1"), 1e-9);
        assertEquals(100.0 * 50 / 70 - 100.0 * 70 / 100, t.maxDeviation(), 1e-9);
        assertTrue(t.render().contains("  backend-2      30      0.0%     0.0%         0   (down)\n"), t.render());
    }

    @Test
    void anUnexpectedResponderGetsItsOwnRow() {
        SpreadTable t = new SpreadTable(WEIGHTS, Map.of("backend-1", 1, "intruder", 1), 0);
        assertTrue(t.render().contains("intruder"), t.render());
        assertEquals(50.0, t.actualPercent("intruder"), 1e-9);
    }
}
