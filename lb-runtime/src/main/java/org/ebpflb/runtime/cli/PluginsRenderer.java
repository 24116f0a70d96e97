package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.runtime.view.PluginView;

/**
 * Prints {@code lb plugins}: id, version, the plugin API version it was built against, state, location and what each
 * plugin contributes.
 */
final class PluginsRenderer {
    private PluginsRenderer() {
    }

    /**
     * @param plugins the plugins
     * @param out where to print
     */
    static void print(List<PluginView> plugins, PrintWriter out) {
        TextTable table = new TextTable(List.of("ID", "VERSION", "API", "STATE", "LOCATION", "CONTRIBUTES"));
        for (PluginView p : plugins) {
            table.row(List.of(p.id(), p.version(), p.apiVersion(), p.state() + (p.required() ? " (required)" : ""), p.location(),
                    contributes(p)));
        }
        table.print(out, "");
        for (PluginView p : plugins) {
            if (p.error() != null) {
                out.println(p.id() + " failed to start: " + p.error());
            }
        }
        out.flush();
    }

    private static String contributes(PluginView p) {
        List<String> parts = new ArrayList<>();
        add(parts, "modifiers", p.modifiers());
        add(parts, "target sources", p.sources());
        add(parts, "admin routes", p.routes());
        add(parts, "status", p.statusSections());
        add(parts, "config keys", p.configKeys());
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private static void add(List<String> parts, String label, List<String> items) {
        if (!items.isEmpty()) {
            parts.add(label + ": " + String.join(", ", items));
        }
    }
}
