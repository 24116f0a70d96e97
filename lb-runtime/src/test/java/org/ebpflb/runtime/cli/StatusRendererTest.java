package org.ebpflb.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;
import org.ebpflb.runtime.view.TrafficView;
import org.junit.jupiter.api.Test;

/** lb status prints the data plane's counters per target and the non-zero drop reasons. */
class StatusRendererTest {
    @Test
    void printsConnectionsPerTargetAndNonZeroDrops() throws Exception {
        TrafficView a = new TrafficView(30, 2, 28, 1, 300, 200, 30000, 20000);
        TrafficView b = new TrafficView(12, 0, 12, 0, 120, 80, 12000, 8000);
        ServiceView web = new ServiceView("web", "tcp/80 on eth0", "five-tuple", List.of(new ServiceView.Group(
                "default", null, false, List.of(new ServiceView.TargetWeight("198.18.1.11:8080", 3, 3, 75, 12286),
                        new ServiceView.TargetWeight("198.18.1.12:8080", 1, 1, 25, 4095)), List.of())), null,
                new ServiceView.Traffic(new TrafficView(42, 2, 40, 1, 420, 280, 42000, 28000),
                        Map.of("198.18.1.11:8080", a, "198.18.1.12:8080", b)));
        Map<String, Long> drops = new LinkedHashMap<>();
        drops.put("not-ipv4", 7L);
        drops.put("malformed", 0L);
        drops.put("no-service", 12L);
        StatusView status = new StatusView("t", "0.1", "1.0", "6.18", "2025-01-01T00:00:00Z", 5, "lb.conf",
                "kernel (xdp native on eth0)", true, new StatusView.Reconcile(1, null, 1, null), List.of(), Map.of(),
                List.of(web), drops, new ConntrackStats(1024, 1000, 65536, 3, 3952, 1976, 0), Map.of());

        StringWriter text = new StringWriter();
        StatusRenderer.print(status, new PrintWriter(text));
        String out = text.toString();

        assertTrue(out.contains("  connections: 42 opened, 2 active, 1 connect failures; packets in/out 420/280\n"),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +TARGET +BASE +EFFECTIVE +SHARE +SLOTS +CONNS +ACTIVE")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +198\\.18\\.1\\.11:8080 +3 +3 +75(\\.0)?% +12286 +30 +2")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +198\\.18\\.1\\.12:8080 +1 +1 +25(\\.0)?% +4095 +12 +0")),
                out);
        assertTrue(out.contains("packets not balanced, by reason: {not-ipv4=7, no-service=12}"), out);
        assertFalse(out.contains("malformed"), out);
        assertTrue(out.contains("conntrack: 1000 established of 1024, 3 half-open of 65536; 1976 misses re-derived from "
                + "the Maglev table, 3952 entries evicted, 0 insert failures"), out);
    }
}
