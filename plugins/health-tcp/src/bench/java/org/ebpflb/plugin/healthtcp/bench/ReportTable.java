package org.ebpflb.plugin.healthtcp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: figure, measured value, target and whether it was met. */
final class ReportTable {
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param figure what was measured
     * @param measured the value
     */
    void row(String figure, String measured) {
        rows.add(new String[] {figure, measured, "", ""});
    }

    /**
     * @param figure what was measured
     * @param measured the value
     * @param target the goal, e.g. "< 0.5 core"
     * @param met whether the value meets it
     */
    void row(String figure, String measured, String target, boolean met) {
        rows.add(new String[] {figure, measured, target, met ? "met" : "MISSED"});
    }

    /** @return the table, columns padded, one row a line */
    String render() {
        int[] width = new int[4];
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"figure", "measured", "target", ""});
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : all) {
            out.append(String.format(Locale.ROOT, "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s",
                    r[0], r[1], r[2], r[3]).stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * @param nanos a duration in nanoseconds
     * @return milliseconds with one decimal, e.g. "12.3 ms"
     */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /**
     * @param nanos a short duration in nanoseconds
     * @return milliseconds with three decimals, e.g. "0.042 ms"
     */
    static String ms3(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /**
     * @param bytes a size
     * @return mebibytes with one decimal, e.g. "41.2 MiB"
     */
    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * @param fraction a share of one core
     * @return e.g. "0.231"
     */
    static String core(double fraction) {
        return String.format(Locale.ROOT, "%.3f", fraction);
    }
}
