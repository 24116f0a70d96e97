package org.ebpflb.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.junit.jupiter.api.Test;

class ConnectionsRouteTest {
    private final List<ConnectionTable.Query> asked = new ArrayList<>();
    private final ConnectionTable table = q -> {
        asked.add(q);
        if (q.service().equals("web6")) {
            return Optional.of(new ConnectionTable.Page(1, List.of(new ConnectionTable.Connection("web6", Protocol.UDP,
                    Endpoint.parse("[2001:db8:12:0:0:0:0:2]:40000"), Endpoint.parse("[2001:db8:12:1:0:0:0:0]:53"),
                    Endpoint.parse("[2001:db8:12:2:0:0:1:a]:5353"), "active", Duration.ZERO, Duration.ZERO, 1, 0,
                    40, 0))));
        }
        return q.service().equals("web") ? Optional.of(new ConnectionTable.Page(7, List.of(new ConnectionTable
                .Connection("web", Protocol.TCP, Endpoint.parse("198.18.58.2:40000"), Endpoint.parse("198.18.59.1:80"),
                Endpoint.parse("198.18.59.10:8080"), "established", Duration.ofMillis(2500), Duration.ofMillis(100),
                5, 4, 78, 1234)))) : Optional.empty();
    };

    private AdminResponse get(String service, Map<String, String> query) {
        return ConnectionsRoute.answer(Optional.of(table), new AdminRequest("GET", "/api/v1/services/" + service
                + "/connections", Map.of("name", service), query, Map.of()));
    }

    @Test
    void aPageWithItsTotalAndTheQueryAsAsked() {
        AdminResponse r = get("web", Map.of("target", "198.18.59.10:8080", "sort", "bytes", "limit", "10",
                "offset", "20"));
        assertEquals(200, r.status());
        assertEquals(List.of(new ConnectionTable.Query("web", Optional.of(Endpoint.parse("198.18.59.10:8080")),
                ConnectionTable.Sort.BYTES, 20, 10)), asked);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) r.body();
        assertEquals(7L, body.get("total"));
        assertEquals(Map.ofEntries(Map.entry("protocol", "tcp"), Map.entry("client", "198.18.58.2:40000"),
                Map.entry("service-address", "198.18.59.1:80"), Map.entry("target", "198.18.59.10:8080"),
                Map.entry("state", "established"), Map.entry("age-ms", 2500L), Map.entry("idle-ms", 100L),
                Map.entry("packets-from-client", 5L), Map.entry("packets-to-client", 4L),
                Map.entry("bytes-from-client", 78L), Map.entry("bytes-to-client", 1234L)),
                ((List<?>) body.get("connections")).get(0));
    }

    @Test
    void ipv6AddressesAreCanonicalInBracketsAndFilterInBrackets() {
        AdminResponse r = get("web6", Map.of("target", "[2001:DB8:12:2::1:A]:5353"));
        assertEquals(200, r.status());
        assertEquals(Optional.of(Endpoint.parse("[2001:db8:12:2::1:a]:5353")), asked.get(0).target());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) ((List<?>) ((Map<String, Object>) r.body()).get("connections"))
                .get(0);
        assertEquals(List.of("[2001:db8:12::2]:40000", "[2001:db8:12:1::]:53", "[2001:db8:12:2::1:a]:5353"),
                List.of(row.get("client"), row.get("service-address"), row.get("target")));
        assertRefused(400, "target '2001:db8:12:2::1:a:5353' must be IP:PORT, or [IP]:PORT for IPv6",
                Map.of("target", "2001:db8:12:2::1:a:5353"));
    }

    @Test
    void defaultsAreOldestFirstOneHundredFromTheStart() {
        assertEquals(200, get("web", Map.of()).status());
        assertEquals(new ConnectionTable.Query("web", Optional.empty(), ConnectionTable.Sort.AGE, 0,
                ConnectionsRoute.DEFAULT_LIMIT), asked.get(0));
    }

    @Test
    void badParametersAreRefusedWithTheirReasonAndNeverReachTheTable() {
        assertRefused(400, "target 'web1' must be IP:PORT, or [IP]:PORT for IPv6", Map.of("target", "web1"));
        assertRefused(400, "sort 'size' must be age or bytes", Map.of("sort", "size"));
        assertRefused(400, "limit 'ten' must be a whole number", Map.of("limit", "ten"));
        assertRefused(400, "limit 0 must be from 1 to 1000", Map.of("limit", "0"));
        assertRefused(400, "limit 1001 must be from 1 to 1000", Map.of("limit", "1001"));
        assertRefused(400, "offset -1 must be from 0 to 100000", Map.of("offset", "-1"));
        assertRefused(400, "offset 100001 must be from 0 to 100000", Map.of("offset", "100001"));
        assertRefused(400, "unknown query parameter 'page' (known: offset, limit, sort, target)", Map.of("page", "2"));
        assertEquals(List.of(), asked);
    }

    @Test
    void anUnknownServiceIs404() {
        AdminResponse r = get("nope", Map.of());
        assertEquals(404, r.status());
        assertEquals(Map.of("error", "unknown service: nope"), r.body());
    }

    @Test
    void aDataPlaneWithoutATableSaysSo() {
        AdminResponse r = ConnectionsRoute.answer(Optional.empty(), new AdminRequest("GET", "/", Map.of("name", "web"),
                Map.of(), Map.of()));
        assertEquals(404, r.status());
        assertEquals(Map.of("error", "this data plane keeps no connection table"), r.body());
    }

    private void assertRefused(int status, String reason, Map<String, String> query) {
        AdminResponse r = get("web", query);
        assertEquals(status, r.status(), reason);
        assertEquals(Map.of("error", reason), r.body());
    }
}
