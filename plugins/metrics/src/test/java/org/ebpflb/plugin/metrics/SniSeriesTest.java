package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SniSeriesTest {
    private static final Live LIVE = new Live(Set.of("tls"), Set.of(), Set.of(), Set.of());

    @Test
    void routesAndOutcomesOfLiveServices() {
        Map<String, Object> tls = Map.of("listen", "198.18.0.1:443", "noSni", 2, "unknownName", 3, "rejected", 1,
                "parseErrors", 4, "clientHelloTimeouts", 0, "routes", Map.of("api.example.com",
                        Map.of("connections", 7, "bytesFromClients", 100, "bytesToClients", 900, "connectFailures", 1)));
        Map<String, ?> section = Map.of("tls", tls, "gone", tls);
        Map<String, MetricFamilySamples> f = SniSeries.collect(new SectionsRuntime(Map.of("sni", section)), LIVE)
                .stream().collect(Collectors.toMap(m -> m.name, m -> m));
        assertEquals(Map.of(List.of("tls", "api.example.com"), 7.0),
                CircuitErrorRatesTest.values(f.get("lb_sni_connections")));
        assertEquals(Map.of(List.of("tls", "api.example.com", "forward"), 100.0,
                List.of("tls", "api.example.com", "reverse"), 900.0), CircuitErrorRatesTest.values(f.get("lb_sni_bytes")));
        assertEquals(Map.of(List.of("tls", "no-sni"), 2.0, List.of("tls", "unknown-name"), 3.0, List.of("tls", "rejected"),
                1.0, List.of("tls", "parse-error"), 4.0, List.of("tls", "timeout"), 0.0),
                CircuitErrorRatesTest.values(f.get("lb_sni_client_hellos")));
    }

    @Test
    void absentWithoutThePlugin() {
        assertTrue(SniSeries.collect(new SectionsRuntime(Map.of()), LIVE).isEmpty());
    }
}
