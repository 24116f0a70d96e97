package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Prints a plugin's {@code lb status} section as indented {@code key: value} lines. A section is whatever JSON the
 * plugin's status provider produced (maps, lists, scalars; the runtime knows no plugin's layout), so the layout
 * follows the data: a map nests its entries two spaces deeper, a list of scalars is one comma-separated line, a list
 * of maps is a list of {@code -} items, and a missing value prints as {@code -}.
 */
final class SectionRenderer {
    private static final String STEP = "  ";

    private SectionRenderer() {
    }

    /**
     * @param section the section's content, as Jackson read it: maps, lists, strings, numbers, booleans, null
     * @param out where to print
     * @param indent prefix of every line
     */
    static void print(Object section, PrintWriter out, String indent) {
        if (isLeaf(section)) {
            out.println(indent + leaf(section));
        } else if (section instanceof Map<?, ?> map) {
            printMap(map, out, indent, indent);
        } else {
            printItems((List<?>) section, out, indent);
        }
    }

    /** The first entry's line starts with {@code firstIndent} (a list item's dash), the others with {@code indent}. */
    private static void printMap(Map<?, ?> map, PrintWriter out, String firstIndent, String indent) {
        if (map.isEmpty()) {
            out.println(firstIndent + "(none)");
            return;
        }
        String lead = firstIndent;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (isLeaf(e.getValue())) {
                out.println(lead + e.getKey() + ": " + leaf(e.getValue()));
            } else {
                out.println(lead + e.getKey() + ":");
                print(e.getValue(), out, indent + STEP);
            }
            lead = indent;
        }
    }

    private static void printItems(List<?> items, PrintWriter out, String indent) {
        for (Object item : items) {
            if (item instanceof Map<?, ?> map) {
                printMap(map, out, indent + "- ", indent + STEP);
            } else if (isLeaf(item)) {
                out.println(indent + "- " + leaf(item));
            } else {
                out.println(indent + "-");
                print(item, out, indent + STEP);
            }
        }
    }

    /** Scalars, and lists of scalars (addresses, expected codes), fit on one line. */
    private static boolean isLeaf(Object value) {
        if (value instanceof Map<?, ?>) {
            return false;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(v -> !(v instanceof Map<?, ?> || v instanceof List<?>));
        }
        return true;
    }

    private static String leaf(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "(none)"
                    : String.join(", ", list.stream().map(SectionRenderer::leaf).toList());
        }
        return value.toString();
    }
}
