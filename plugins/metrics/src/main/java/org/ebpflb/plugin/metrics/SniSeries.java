package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * The sni plugin's counters, read from its "sni" status section (its documented shape: per service the ClientHello
 * outcomes {@code noSni}, {@code unknownName}, {@code rejected}, {@code parseErrors}, {@code clientHelloTimeouts}, and
 * {@code routes} with per route {@code connections}, {@code bytesFromClients}, {@code bytesToClients},
 * {@code connectFailures}) through {@link RuntimeInfo#status}: {@code lb_sni_connections_total{service,route}},
 * {@code lb_sni_bytes_total{service,route,direction}}, {@code lb_sni_connect_failures_total{service,route}} and
 * {@code lb_sni_client_hellos_total{service,outcome}}. Absent without the plugin; services no longer configured are
 * left out.
 */
final class SniSeries {
    /** The sni plugin's status section. */
    static final String SECTION = "sni";
    private static final Map<String, String> OUTCOMES = Map.of("noSni", "no-sni", "unknownName", "unknown-name",
            "rejected", "rejected", "parseErrors", "parse-error", "clientHelloTimeouts", "timeout");

    private SniSeries() {
    }

    /**
     * @param runtime where the section is read
     * @param live what exists now
     * @return the families, empty without the plugin
     */
    static List<MetricFamilySamples> collect(RuntimeInfo runtime, Live live) {
        Map<String, ?> section = runtime.status(SECTION).orElse(null);
        if (section == null) {
            return List.of();
        }
        List<String> route = List.of("service", "route");
        CounterMetricFamily connections = new CounterMetricFamily("lb_sni_connections_total",
                "Connections the sni plugin relayed, by route (default: the service's own targets)", route);
        CounterMetricFamily bytes = new CounterMetricFamily("lb_sni_bytes_total",
                "Bytes the sni plugin relayed: forward from clients, reverse to them", List.of("service", "route",
                "direction"));
        CounterMetricFamily failures = new CounterMetricFamily("lb_sni_connect_failures_total",
                "Connections to a route's backend that failed", route);
        CounterMetricFamily hellos = new CounterMetricFamily("lb_sni_client_hellos_total",
                "ClientHellos without a routed name (no-sni, unknown-name) or refused (rejected, parse-error, timeout)",
                List.of("service", "outcome"));
        section.forEach((service, value) -> {
            if (!live.services().contains(service) || !(value instanceof Map<?, ?> counters)) {
                return;
            }
            OUTCOMES.forEach((key, outcome) -> {
                if (counters.get(key) instanceof Number n) {
                    hellos.addMetric(List.of(service, outcome), n.doubleValue());
                }
            });
            if (counters.get("routes") instanceof Map<?, ?> routes) {
                routes.forEach((name, r) -> {
                    if (name instanceof String label && r instanceof Map<?, ?> c) {
                        add(connections, c.get("connections"), service, label);
                        add(failures, c.get("connectFailures"), service, label);
                        add(bytes, c.get("bytesFromClients"), service, label, "forward");
                        add(bytes, c.get("bytesToClients"), service, label, "reverse");
                    }
                });
            }
        });
        return new ArrayList<>(List.of(connections, bytes, failures, hellos));
    }

    private static void add(CounterMetricFamily family, Object value, String... labels) {
        if (value instanceof Number n) {
            family.addMetric(List.of(labels), n.doubleValue());
        }
    }
}
