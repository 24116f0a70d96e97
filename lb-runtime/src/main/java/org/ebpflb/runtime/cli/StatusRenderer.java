package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;

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
            for (ServiceView.Group g : service.groups()) {
                out.println("  group " + g.group() + (g.source() == null ? "" : " (clients from " + g.source() + ")")
                        + (g.panic() ? "  PANIC: availability ignored" : ""));
                TextTable table = new TextTable(List.of("TARGET", "BASE", "EFFECTIVE", "SHARE", "SLOTS"));
                for (ServiceView.TargetWeight t : g.targets()) {
                    table.row(List.of(t.target(), TextTable.number(t.base()), TextTable.number(t.effective()),
                            TextTable.percent(t.sharePercent()), Integer.toString(t.slots())));
                }
                table.print(out, "    ");
                g.problems().forEach(p -> out.println("    problem: " + p));
            }
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
