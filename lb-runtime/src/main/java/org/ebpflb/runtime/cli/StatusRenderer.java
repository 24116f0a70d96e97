package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;
import org.ebpflb.runtime.view.TrafficView;

/**
 * Prints {@code lb status}: instance, data plane, reconciler, plugins, services with weights, plugin sections (health
 * sections as a table per service, others as indented key: value text).
 */
final class StatusRenderer {
    private StatusRenderer() {
    }

    /**
     * @param s the status
     * @param out where to print
     */
    static void print(StatusView s, PrintWriter out) {
        out.println("ebpf-lb " + s.version() + ", instance " + s.instance() + ", up "
                + uptime(s.uptimeSeconds()) + " (since " + s.startedAt() + ")");
        out.println("kernel " + s.kernel() + ", plugin API " + s.apiVersion() + ", config " + s.configFile());
        out.println("data plane: " + s.dataPlane() + (s.forwardsPackets() ? "" : "  <- NOT FORWARDING TRAFFIC"));
        StatusView.Reconcile r = s.reconcile();
        out.println("reconciler: " + r.rounds() + " rounds, " + r.applies() + " data-plane writes"
                + (r.lastRound() == null ? "" : ", last at " + r.lastRound())
                + (r.lastError() == null ? "" : ", LAST WRITE FAILED: " + r.lastError()));
        out.println();
        out.println("plugins:");
        StringWriter plugins = new StringWriter();
        PluginsRenderer.print(s.plugins(), new PrintWriter(plugins));
        plugins.toString().lines().forEach(l -> out.println("  " + l));
        if (!s.pluginErrors().isEmpty()) {
            out.println("plugin errors (weight modifier failures): " + s.pluginErrors());
        }
        for (ServiceView service : s.services()) {
            out.println();
            out.println("service " + service.name() + "  (" + service.listen() + ", hash " + service.hash() + ")");
            if (service.pending() != null) {
                out.println("  PENDING: the data plane refused these weights and keeps its previous tables: "
                        + service.pending());
            }
            TrafficView total = service.traffic().service();
            out.println("  connections: " + total.connectionsNew() + " opened, " + total.connectionsActive()
                    + " active, " + total.connectFailures() + " connect failures; packets in/out "
                    + total.packetsForward() + "/" + total.packetsReverse());
            for (ServiceView.Group g : service.groups()) {
                out.println("  group " + g.group() + (g.source() == null ? "" : " (clients from " + g.source() + ")")
                        + (g.panic() ? "  PANIC: availability ignored" : ""));
                TextTable table = new TextTable(List.of("TARGET", "BASE", "EFFECTIVE", "SHARE", "SLOTS", "CONNS",
                        "ACTIVE"));
                for (ServiceView.TargetWeight t : g.targets()) {
                    // counters are per target of the service, so a target listed in two groups shows them twice
                    TrafficView c = service.traffic().targets().get(t.target());
                    table.row(List.of(t.target(), TextTable.number(t.base()), TextTable.number(t.effective()),
                            TextTable.percent(t.sharePercent()), Integer.toString(t.slots()),
                            c == null ? "-" : Long.toString(c.connectionsNew()),
                            c == null ? "-" : Long.toString(c.connectionsActive())));
                }
                table.print(out, "    ");
                g.problems().forEach(p -> out.println("    problem: " + p));
            }
        }
        ConntrackStats ct = s.conntrack();
        if (ct != null && ct.capacity() > 0) {
            out.println();
            out.println("conntrack: " + ct.established() + " established of " + ct.capacity() + ", " + ct.halfOpen()
                    + " half-open of " + ct.halfOpenCapacity() + "; " + ct.misses() + " misses re-derived from the "
                    + "Maglev table, " + ct.evicted() + " entries evicted, " + ct.insertFailures() + " insert failures");
        }
        Map<String, Long> drops = new LinkedHashMap<>(s.drops());
        drops.values().removeIf(n -> n == 0);
        if (!drops.isEmpty()) {
            out.println();
            out.println("packets not balanced, by reason: " + drops);
        }
        for (Map.Entry<String, Object> section : s.sections().entrySet()) {
            out.println();
            JsonNode node = Json.mapper().valueToTree(section.getValue());
            if (HealthSectionRenderer.accepts(node)) {
                HealthSectionRenderer.print(section.getKey(), node, out);
                continue;
            }
            out.println(section.getKey() + ":");
            SectionRenderer.print(section.getValue(), out, "  ");
        }
        out.flush();
    }

    private static String uptime(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toDaysPart() > 0 ? d.toDaysPart() + "d" + d.toHoursPart() + "h"
                : d.toHoursPart() > 0 ? d.toHoursPart() + "h" + d.toMinutesPart() + "m"
                : d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
    }
}
