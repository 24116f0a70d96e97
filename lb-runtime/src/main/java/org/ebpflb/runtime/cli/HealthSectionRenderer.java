package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a health-check plugin's status section (the shape lb-health-common documents: per service, groups with
 * counts and a panic note, and per target its state, factor, last probe and reason) as one table per service, so
 * {@code lb status} reads per target instead of as JSON. Sections of any other shape are left to the caller.
 */
final class HealthSectionRenderer {
    private HealthSectionRenderer() {
    }

    /**
     * @param section a status section as JSON
     * @return whether it has the health section's shape: {@code services} mapping names to objects whose
     *     {@code targets} list objects with a {@code target}
     */
    static boolean accepts(JsonNode section) {
        JsonNode services = section.path("services");
        if (!services.isObject() || services.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            JsonNode targets = service.getValue().path("targets");
            if (!targets.isArray()) {
                return false;
            }
            for (JsonNode t : targets) {
                if (!t.path("target").isTextual()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param title the section's title, e.g. {@code health (health-http)}
     * @param section a section {@link #accepts} accepted
     * @param out where to print
     */
    static void print(String title, JsonNode section, PrintWriter out) {
        String checkedBy = section.path("checked-by").asText("");
        out.println(title + (checkedBy.isEmpty() || title.contains(checkedBy) ? "" : " (checked by " + checkedBy + ")")
                + ":");
        for (Map.Entry<String, JsonNode> service : section.path("services").properties()) {
            out.println("  service " + service.getKey());
            for (JsonNode g : service.getValue().path("groups")) {
                out.println("    group " + g.path("group").asText("?") + ": " + g.path("targets").asInt()
                        + " targets, " + g.path("checked").asInt() + " checked, " + g.path("unhealthy").asInt()
                        + " unhealthy" + (g.hasNonNull("panic") ? "  <- " + g.path("panic").asText() : ""));
            }
            TextTable table = new TextTable(List.of("TARGET", "TYPE", "STATE", "FACTOR", "LAST", "LATENCY", "STREAK",
                    "PROBES", "REASON"));
            for (JsonNode t : service.getValue().path("targets")) {
                table.row(List.of(t.path("target").asText(), text(t, "type"), text(t, "state"),
                        t.path("weight-factor").isNumber() ? TextTable.number(t.path("weight-factor").asDouble()) : "-",
                        text(t, "last-result"), latency(t.path("latency-ms")), streak(t), text(t, "probes"),
                        text(t, "factor-reason")));
            }
            table.print(out, "    ");
        }
    }

    private static String text(JsonNode t, String field) {
        JsonNode v = t.path(field);
        return v.isMissingNode() || v.isNull() ? "-" : v.asText();
    }

    private static String latency(JsonNode millis) {
        if (!millis.isNumber()) {
            return "-";
        }
        double ms = millis.asDouble();
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms";
    }

    /** @return e.g. "3 ok" or "2 failed": the run of equal results the thresholds count */
    private static String streak(JsonNode t) {
        List<String> parts = new ArrayList<>();
        int ok = t.path("consecutive-successes").asInt();
        int failed = t.path("consecutive-failures").asInt();
        if (ok > 0) {
            parts.add(ok + " ok");
        }
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
