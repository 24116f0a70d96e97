package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.RateLimits;
import org.junit.jupiter.api.Test;

class RateLimitedTest {
    private static final Live LIVE = new Live(Set.of("web", "api"), Set.of(), Set.of(), Set.of());
    private static final SectionsRuntime PLUGIN = new SectionsRuntime(Map.of("rate-limit", Map.of("enforced", true,
            "services", Map.of("web", Map.of(), "removed", Map.of()))));

    @Test
    void dropsOfEachLimitedServiceByScopeFromTheDataPlane() {
        Counters port = new Counters();
        MetricFamilySamples f = RateLimited.collect(PLUGIN, Optional.of(port), LIVE).orElseThrow();
        assertTrue(f.samples.stream().allMatch(s -> s.name.equals("lb_rate_limited_total")), f.toString());
        assertEquals(Map.of(List.of("web", "source"), 7.0, List.of("web", "backend"), 2.0),
                CircuitErrorRatesTest.values(f), "api has no limits, removed is no longer configured");
        assertEquals(List.of("web"), port.read, "one read per limited service");
    }

    @Test
    void absentWithoutThePluginOrWithoutADataPlaneThatLimits() {
        Counters port = new Counters();
        assertTrue(RateLimited.collect(new SectionsRuntime(Map.of()), Optional.of(port), LIVE).isEmpty());
        assertTrue(RateLimited.collect(PLUGIN, Optional.empty(), LIVE).isEmpty());
        assertEquals(List.of(), port.read);
    }

    /** Drop counters of service "web"; other services have zeros. */
    private static final class Counters implements RateLimits {
        final List<String> read = new ArrayList<>();

        @Override
        public void set(String service, Limits limits) {
            throw new AssertionError("metrics only reads");
        }

        @Override
        public void clear(String service) {
            throw new AssertionError("metrics only reads");
        }

        @Override
        public Map<Scope, Long> dropped(String service) {
            read.add(service);
            Map<Scope, Long> out = new EnumMap<>(Scope.class);
            out.put(Scope.SOURCE, service.equals("web") ? 7L : 0L);
            out.put(Scope.BACKEND, service.equals("web") ? 2L : 0L);
            return out;
        }
    }
}
