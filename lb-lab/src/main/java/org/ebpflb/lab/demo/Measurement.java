package org.ebpflb.lab.demo;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One measured step of the demo, and the closing summary over all of them.
 *
 * @param title what was measured, e.g. "backend-2 down"
 * @param table requests per backend against the weights
 */
record Measurement(String title, SpreadTable table) {
    /**
     * @param measurements the demo's measurements, in order
     * @param notes lines for steps that measured nothing (e.g. drain without its plugin)
     * @return the summary table: per measurement requests, failures, largest deviation and the backends that were
     *     out; then the notes and the largest deviation of all
     */
    static String summary(List<Measurement> measurements, List<String> notes) {
        int width = measurements.stream().mapToInt(m -> m.title().length()).max().orElse(0);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s %8s %7s %10s%n", "step",
                "answered", "failed", "deviation"));
        for (Measurement m : measurements) {
            SpreadTable t = m.table();
            String out = t.rows().stream().filter(r -> !r.out().isEmpty())
                    .map(r -> r.backend() + " (" + r.out() + ") got " + t.counts().getOrDefault(r.backend(), 0))
                    .collect(Collectors.joining(", "));
            s.append(String.format(Locale.ROOT, "  %-" + width + "s %8d %7d %6.1f pts%s%n", m.title(), t.answered(),
                    t.failed(), t.maxDeviation(), out.isEmpty() ? "" : "   " + out));
        }
        notes.forEach(n -> s.append("  ").append(n).append(System.lineSeparator()));
        measurements.stream().mapToDouble(m -> m.table().maxDeviation()).max().ifPresent(d -> s.append(String.format(
                Locale.ROOT, "  traffic followed the weights within %.1f percentage points in every step%n", d)));
        return s.toString();
    }
}
