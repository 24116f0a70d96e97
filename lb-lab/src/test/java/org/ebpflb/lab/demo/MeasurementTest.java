package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {
    private static final List<SpreadTable.Row> UP = List.of(new SpreadTable.Row("backend-1", 3, ""),
            new SpreadTable.Row("backend-2", 1, ""));

    @Test
    void theSummaryHasALinePerMeasurementWithItsDeviationAndTheBackendsThatWereOut() {
        Measurement even = new Measurement("initial weights",
                new SpreadTable(UP, Map.of("backend-1", 700, "backend-2", 300), 0));
        Measurement down = new Measurement("backend-2 down", new SpreadTable(
                List.of(UP.get(0), new SpreadTable.Row("backend-2", 1, "down")), Map.of("backend-1", 990), 10));
        List<String> lines = Measurement.summary(List.of(even, down), List.of("drain: not available yet"))
                .lines().toList();
        assertEquals(List.of(
                "  step            answered  failed  deviation",
                "  initial weights     1000       0    5.0 pts",
                "  backend-2 down       990      10    0.0 pts   backend-2 (down) got 0",
                "  drain: not available yet",
                "  traffic followed the weights within 5.0 percentage points in every step"), lines);
    }
}
