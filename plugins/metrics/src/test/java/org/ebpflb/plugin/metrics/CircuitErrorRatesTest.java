package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CircuitErrorRatesTest {
    private static final Live LIVE = new Live(Set.of("web"), Set.of(List.of("web", "default")),
            Set.of(List.of("web", "198.18.1.2:8080"), List.of("web", "198.18.1.3:8080")), Set.of());

    @Test
    void aRateOfEachLiveCircuitAsAShare() {
        Map<String, ?> circuits = Map.of("web", List.of(
                row("198.18.1.2:8080", 62.5), row("198.18.1.3:8080", 0.0), row("198.18.9.9:8080", 100.0)),
                "gone", List.of(row("198.18.1.2:8080", 50.0)));
        MetricFamilySamples f = CircuitErrorRates.collect(new SectionsRuntime(Map.of("circuits", circuits)), LIVE)
                .orElseThrow();
        assertEquals("lb_circuit_breaker_error_rate", f.name);
        assertEquals(Map.of(List.of("web", "198.18.1.2:8080"), 0.625, List.of("web", "198.18.1.3:8080"), 0.0),
                values(f), "targets and services no longer configured are left out");
    }

    @Test
    void absentWithoutTheCircuitBreakerAndRowsOfAnotherShapeAreSkipped() {
        assertTrue(CircuitErrorRates.collect(new SectionsRuntime(Map.of()), LIVE).isEmpty());
        Map<String, ?> odd = Map.of("web", List.of(Map.of("target", "198.18.1.2:8080", "error-rate-pct", "high"),
                Map.of("error-rate-pct", 5)), "enforced", true);
        MetricFamilySamples f = CircuitErrorRates.collect(new SectionsRuntime(Map.of("circuits", odd)), LIVE)
                .orElseThrow();
        assertEquals(List.of(), f.samples);
    }

    private static Map<String, Object> row(String target, double pct) {
        return Map.of("target", target, "state", "closed", "error-rate-pct", pct, "attempts", 8, "failures", 5);
    }

    static Map<List<String>, Double> values(MetricFamilySamples f) {
        return f.samples.stream().collect(Collectors.toMap(s -> s.labelValues, (Sample s) -> s.value));
    }
}
