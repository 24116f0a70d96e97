package org.ebpflb.lab.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests per backend against configured weights, as the demo prints it.
 *
 * @param rows per backend, in display order, its configured weight and whether it should get traffic
 * @param counts answered requests per backend name
 * @param failed requests that got no answer
 */
public record SpreadTable(List<Row> rows, Map<String, Integer> counts, int failed) {
    /** Column headings, also what a reader of the demo's output finds the table by. */
    public static final String HEADER = String.format(Locale.ROOT, "  %-10s %6s %9s %8s %9s", "backend", "weight",
            "expected", "actual", "requests");

    /** Copies. */
    public SpreadTable {
        rows = List.copyOf(rows);
        counts = Map.copyOf(counts);
    }

    /**
     * A backend as the table shows it.
     *
     * @param backend its name
     * @param weight its configured weight
     * @param out why it should get no traffic ("down", "drained"), empty when it should get its share
     */
    public record Row(String backend, int weight, String out) {
        /** Rejects negative weights. */
        public Row {
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + backend + " is negative: " + weight);
            }
        }

        /** @return the weight traffic should follow: 0 when out */
        int expectedWeight() {
            return out.isEmpty() ? weight : 0;
        }
    }

    /**
     * @param config the configuration in force
     * @param out backends expected to get no traffic, with the reason (down, drained)
     * @return the rows, in the config's target order
     */
    public static List<Row> rows(DemoConfig config, Map<String, String> out) {
        return config.targets().stream().map(t -> new Row(t.name(), t.weight(), out.getOrDefault(t.name(), "")))
                .toList();
    }

    /** @return answered requests */
    public int answered() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @param name a backend
     * @return its expected share in percent: its weight over the sum of the weights of the backends that are in
     */
    public double expectedPercent(String name) {
        int total = rows.stream().mapToInt(Row::expectedWeight).sum();
        int w = rows.stream().filter(t -> t.backend().equals(name)).mapToInt(Row::expectedWeight).sum();
        return total == 0 ? 0 : 100.0 * w / total;
    }

    /**
     * @param name a backend
     * @return its actual share of answered requests in percent
     */
    public double actualPercent(String name) {
        int answered = answered();
        return answered == 0 ? 0 : 100.0 * counts.getOrDefault(name, 0) / answered;
    }

    /** @return the largest |expected - actual| over the backends, in percentage points */
    public double maxDeviation() {
        return rows.stream().mapToDouble(t -> Math.abs(expectedPercent(t.backend()) - actualPercent(t.backend())))
                .max().orElse(0);
    }

    /** @return the table: a header, one line per backend (an out backend names why), then a totals line */
    public String render() {
        StringBuilder s = new StringBuilder(HEADER).append(System.lineSeparator());
        for (Row t : rows) {
            s.append(String.format(Locale.ROOT, "  %-10s %6d %8.1f%% %7.1f%% %9d%s%n", t.backend(), t.weight(),
                    expectedPercent(t.backend()), actualPercent(t.backend()), counts.getOrDefault(t.backend(), 0),
                    t.out().isEmpty() ? "" : "   (" + t.out() + ")"));
        }
        counts.keySet().stream().filter(n -> rows.stream().noneMatch(t -> t.backend().equals(n))).sorted()
                .forEach(n -> s.append(String.format(Locale.ROOT, "  %-10s %6s %9s %7.1f%% %9d%n", n, "-", "-",
                        actualPercent(n), counts.get(n))));
        s.append(String.format(Locale.ROOT, "  %d answered, %d failed; largest deviation from the weights %.1f"
                + " points%n", answered(), failed, maxDeviation()));
        return s.toString();
    }
}
