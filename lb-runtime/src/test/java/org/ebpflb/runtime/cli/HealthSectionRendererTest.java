package org.ebpflb.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.ebpflb.runtime.view.Json;
import org.junit.jupiter.api.Test;

/** {@code lb status} prints health sections per target as a table, and leaves other shapes alone. */
class HealthSectionRendererTest {
    /** What the health plugins' status provider serves, as the admin API returns it. */
    private static final String HEALTH = """
            {"checked-by": "health-http", "services": {"web": {
              "groups": [{"group": "default", "targets": 2, "checked": 2, "unhealthy": 2,
                          "panic": "panic: all targets unhealthy, traffic spread over all"}],
              "targets": [
                {"target": "198.18.1.11:8080", "type": "http", "healthy": false, "state": "unhealthy",
                 "last-result": "fail", "latency-ms": 0.42, "reason": "HTTP 503", "consecutive-successes": 0,
                 "consecutive-failures": 3, "weight-factor": 0.0,
                 "factor-reason": "unhealthy: 3 consecutive failures: HTTP 503", "probes": 12, "skipped": 0},
                {"target": "198.18.1.12:8080", "type": "http", "healthy": true, "state": "slow-start",
                 "last-result": "pass", "latency-ms": 12.6, "reason": "HTTP 200", "consecutive-successes": 2,
                 "consecutive-failures": 0, "ramp": "50%", "weight-factor": 0.5,
                 "factor-reason": "slow start 50%: healthy again 2s ago, full weight in 2s", "probes": 9}
              ]}}}
            """;

    private static String render(String title, JsonNode section) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        HealthSectionRenderer.print(title, section, out);
        out.flush();
        return s.toString();
    }

    @Test
    void printsOneRowPerTargetWithStateFactorLastProbeAndReason() throws Exception {
        JsonNode section = Json.mapper().readTree(HEALTH);
        assertTrue(HealthSectionRenderer.accepts(section));
        assertEquals("""
                health (checked by health-http):
                  service web
                    group default: 2 targets, 2 checked, 2 unhealthy  <- panic: all targets unhealthy, traffic spread over all
                    TARGET            TYPE  STATE       FACTOR  LAST  LATENCY  STREAK    PROBES  REASON
                    198.18.1.11:8080  http  unhealthy   0       fail  0.4 ms   3 failed  12      unhealthy: 3 consecutive failures: HTTP 503
                    198.18.1.12:8080  http  slow-start  0.5     pass  13 ms    2 ok      9       slow start 50%: healthy again 2s ago, full weight in 2s
                """, render("health", section));
    }

    @Test
    void aTitleThatNamesThePluginIsNotRepeated() throws Exception {
        String out = render("health (health-http)", Json.mapper().readTree(HEALTH));
        assertTrue(out.startsWith("health (health-http):\n  service web\n"), out);
    }

    @Test
    void otherShapesAreNotAHealthSection() throws Exception {
        assertFalse(HealthSectionRenderer.accepts(Json.mapper().readTree("{\"since\": \"1970-01-01T00:00:00Z\"}")));
        assertFalse(HealthSectionRenderer.accepts(Json.mapper().readTree("{\"services\": {}}")));
        assertFalse(HealthSectionRenderer.accepts(Json.mapper().readTree(
                "{\"services\": {\"web\": {\"targets\": [{\"name\": \"x\"}]}}}")));
        assertFalse(HealthSectionRenderer.accepts(Json.mapper().readTree("[1, 2]")));
    }
}
