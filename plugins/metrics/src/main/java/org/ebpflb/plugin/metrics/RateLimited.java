package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * {@code lb_rate_limited_total{service,scope}}: the data plane's drop counters ({@link RateLimits#dropped}), read once
 * per scrape for each service the rate-limit plugin gave limits. Which services those are comes from the plugin's
 * "rate-limit" status section (its documented shape: {@code services} keyed by service name), read through
 * {@link RuntimeInfo#status}; without the plugin or without a data plane that enforces limits the metric is absent.
 */
final class RateLimited {
    /** The rate-limit plugin's status section. */
    static final String SECTION = "rate-limit";

    private RateLimited() {
    }

    /**
     * @param runtime where the section is read
     * @param port the data plane's rate-limit port, if it has one
     * @param live what exists now; services that are gone are left out
     * @return the family, empty without the plugin or the port
     */
    static Optional<MetricFamilySamples> collect(RuntimeInfo runtime, Optional<RateLimits> port, Live live) {
        if (port.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<String, ?>> section = runtime.status(SECTION);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        CounterMetricFamily dropped = new CounterMetricFamily("lb_rate_limited_total",
                "New connections the data plane dropped because a rate limit refused them, by scope",
                List.of("service", "scope"));
        if (section.get().get("services") instanceof Map<?, ?> services) {
            for (Object name : services.keySet()) {
                if (name instanceof String service && live.services().contains(service)) {
                    port.get().dropped(service)
                            .forEach((scope, n) -> dropped.addMetric(List.of(service, scope.label()), n));
                }
            }
        }
        return Optional.of(dropped);
    }
}
