package org.ebpflb.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.runtime.testing.Specs;
import org.junit.jupiter.api.Test;

/** The service view carries the data plane's counters of the service and of each target. */
class ViewsTest {
    @Test
    void serviceViewCarriesTrafficCountersPerTarget() throws Exception {
        Endpoint a = Endpoint.parse("198.18.1.11:8080");
        Endpoint b = Endpoint.parse("198.18.1.12:8080");
        TrafficCounters ca = new TrafficCounters(10, 9, 1000, 900, 3, 1, 0, 2);
        TrafficCounters cb = new TrafficCounters(4, 4, 400, 300, 2, 2, 1, 0);
        Map<Endpoint, TrafficCounters> perTarget = new LinkedHashMap<>();
        perTarget.put(a, ca);
        perTarget.put(b, cb);
        DataPlaneStats stats = new DataPlaneStats() {
            @Override
            public TrafficCounters service(String service) {
                return service.equals("web") ? ca.plus(cb) : TrafficCounters.ZERO;
            }

            @Override
            public Map<Endpoint, TrafficCounters> targets(String service) {
                return service.equals("web") ? perTarget : Map.of();
            }

            @Override
            public Map<String, Long> drops() {
                return Map.of();
            }
        };

        ServiceView view = Views.service(Specs.service("web", 80, Specs.ip("198.18.1.11", 8080, 1),
                Specs.ip("198.18.1.12", 8080, 1)), null, null, stats);

        assertEquals(new TrafficView(5, 2, 3, 1, 14, 13, 1400, 1200), view.traffic().service());
        assertEquals(new TrafficView(3, 2, 1, 0, 10, 9, 1000, 900), view.traffic().targets().get("198.18.1.11:8080"));
        assertEquals(new TrafficView(2, 0, 2, 1, 4, 4, 400, 300), view.traffic().targets().get("198.18.1.12:8080"));
        // what lb status --json and GET /api/v1/services return, and what lb status reads back
        assertEquals(view, Json.mapper().readValue(Json.mapper().writeValueAsString(view), ServiceView.class));
    }
}
