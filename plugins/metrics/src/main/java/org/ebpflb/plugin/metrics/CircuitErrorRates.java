package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * {@code lb_circuit_breaker_error_rate} from the circuit-breaker's "circuits" status section (its documented shape:
 * per service a list of rows with {@code target} and {@code error-rate-pct}, the sliding window's error rate), read
 * once per scrape through {@link RuntimeInfo#status}: metrics does not depend on the circuit-breaker plugin.
 */
final class CircuitErrorRates {
    /** The circuit-breaker's status section. */
    static final String SECTION = "circuits";

    private CircuitErrorRates() {
    }

    /**
     * @param runtime where the section is read
     * @param live what exists now; rows of other targets are left out
     * @return the family, empty without a circuit-breaker (absent, not zero)
     */
    static Optional<MetricFamilySamples> collect(RuntimeInfo runtime, Live live) {
        Optional<Map<String, ?>> section = runtime.status(SECTION);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        GaugeMetricFamily rates = new GaugeMetricFamily("lb_circuit_breaker_error_rate",
                "Failed share (0 to 1) of the connection attempts in the circuit breaker's sliding window",
                List.of("service", "target"));
        section.get().forEach((service, rows) -> {
            if (rows instanceof List<?> list) {
                for (Object row : list) {
                    if (row instanceof Map<?, ?> r && r.get("target") instanceof String target
                            && r.get("error-rate-pct") instanceof Number pct && live.hasTarget(service, target)) {
                        rates.addMetric(List.of(service, target), pct.doubleValue() / 100);
                    }
                }
            }
        });
        return Optional.of(rates);
    }
}
