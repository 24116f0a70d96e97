package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.FactorView;
import org.ebpflb.runtime.view.GroupView;
import org.ebpflb.runtime.view.TargetRowView;

/**
 * Prints {@code lb explain}: per group a table of target, base weight, one column per modifier (factor and reason),
 * effective weight, share and table slots, then the group's panic line and any problems.
 */
final class ExplainRenderer {
    private ExplainRenderer() {
    }

    /**
     * @param view the trace
     * @param out where to print
     */
    static void print(ExplainView view, PrintWriter out) {
        out.println("service " + view.service() + "  (" + view.listen() + ", hash " + view.hash() + ")");
        if (view.pending() != null) {
            out.println("  PENDING: the data plane refused these weights and keeps its previous tables: "
                    + view.pending());
        }
        if (view.groups().isEmpty()) {
            out.println("  no weights computed yet");
        }
        for (GroupView group : view.groups()) {
            out.println();
            out.println("group " + group.group() + (group.source() == null ? "" : " (clients from " + group.source()
                    + ")") + ", table " + group.tableSize() + " slots");
            List<String> headers = new ArrayList<>(List.of("TARGET", "BASE"));
            headers.addAll(group.modifiers());
            headers.addAll(List.of("EFFECTIVE", "SHARE", "SLOTS"));
            TextTable table = new TextTable(headers);
            for (TargetRowView row : group.targets()) {
                List<String> cells = new ArrayList<>();
                cells.add(row.spec().equals(row.target()) ? row.target() : row.target() + " <- " + row.spec());
                cells.add(TextTable.number(row.base()));
                row.factors().forEach(f -> cells.add(factor(f)));
                cells.add(TextTable.number(row.effective()));
                cells.add(TextTable.percent(row.sharePercent()));
                cells.add(Integer.toString(row.slots()));
                table.row(cells);
            }
            table.print(out, "  ");
            out.println("  " + group.panicLine());
            for (String problem : group.problems()) {
                out.println("  problem: " + problem);
            }
        }
        out.flush();
    }

    private static String factor(FactorView f) {
        return "x" + TextTable.number(f.value()) + " " + f.reason() + (f.ignored() ? " (ignored: panic)" : "");
    }
}
