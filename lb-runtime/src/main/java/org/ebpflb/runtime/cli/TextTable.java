package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: columns padded to their widest cell, two spaces apart, no trailing spaces. */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column titles */
    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /**
     * @param cells one cell per column
     * @return this table
     */
    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " columns but " + cells.size() + " cells");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /**
     * @param out where to print
     * @param indent prefix of every line
     */
    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.size()];
        for (List<String> r : allRows()) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : allRows()) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) {
                    line.append(" ".repeat(widths[i] - r.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }

    /**
     * @param value a weight or factor
     * @return it without needless decimals: {@code 50}, {@code 33.33}, {@code 0.5}
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String two = String.format(Locale.ROOT, "%.2f", value);
        return two.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /**
     * @param percent 0..100
     * @return e.g. {@code 33.3%}
     */
    static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }
}
