package org.ebpflb.lab.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Turns the measurements of all rounds into Markdown tables: each throughput figure as the median over rounds of
 * the ratio to the direct connection measured in the same round (absolute rates move by 20-30% between runs on a
 * small VM, ratios within a round far less), latency as a ratio the other way round, CPU as medians of absolutes.
 */
final class BenchReport {
    /** A throughput column: higher is better. */
    record Column(String title, ToDoubleFunction<Measurement> value, String unit, double target) {
    }

    static final List<Column> THROUGHPUT = List.of(
            new Column("keep-alive req/s", m -> m.keepAlive().requestsPerSecond(), "/s", 0.95),
            new Column("new conn/s", m -> m.newConnections().requestsPerSecond(), "/s", 0.95),
            new Column("upload", Measurement::uploadMBps, " MB/s", 0.90),
            new Column("download", Measurement::downloadMBps, " MB/s", 0.90));

    private final Map<BenchSystem, Map<Integer, Measurement>> bySystem = new EnumMap<>(BenchSystem.class);

    /** @param measurements every system's figures in every round; the direct connection must be among them */
    BenchReport(List<Measurement> measurements) {
        for (Measurement m : measurements) {
            bySystem.computeIfAbsent(m.system(), s -> new TreeMap<>()).put(m.round(), m);
        }
        if (!bySystem.containsKey(BenchSystem.DIRECT)) {
            throw new IllegalArgumentException("the direct connection was not measured: nothing to compare with");
        }
    }

    /**
     * @param system a measured system
     * @param column a throughput column
     * @return the median over rounds of system / direct in that round
     */
    double ratioToDirect(BenchSystem system, ToDoubleFunction<Measurement> column) {
        Map<Integer, Measurement> direct = bySystem.get(BenchSystem.DIRECT);
        double[] ratios = bySystem.get(system).entrySet().stream()
                .filter(e -> direct.containsKey(e.getKey()))
                .mapToDouble(e -> column.applyAsDouble(e.getValue()) / column.applyAsDouble(direct.get(e.getKey())))
                .toArray();
        return Measurement.median(ratios);
    }

    /**
     * @param system a measured system
     * @param column any figure
     * @return its median over rounds
     */
    double median(BenchSystem system, ToDoubleFunction<Measurement> column) {
        return Measurement.median(bySystem.get(system).values().stream().mapToDouble(column).toArray());
    }

    /** @return the throughput and latency table */
    String throughputTable() {
        StringBuilder t = new StringBuilder("| system |");
        THROUGHPUT.forEach(c -> t.append(' ').append(c.title()).append(" |"));
        t.append(" p99 keep-alive |\n|---|");
        THROUGHPUT.forEach(c -> t.append("---:|"));
        t.append("---:|\n");
        for (BenchSystem s : bySystem.keySet()) {
            t.append("| ").append(s.label()).append(" |");
            for (Column c : THROUGHPUT) {
                String absolute = format(median(s, c.value())) + c.unit();
                t.append(' ').append(s == BenchSystem.DIRECT ? absolute
                        : percent(ratioToDirect(s, c.value())) + " (" + absolute + ")").append(" |");
            }
            String p99 = String.format(Locale.ROOT, "%.2f ms", median(s, m -> m.keepAlive().p99Millis()));
            t.append(' ').append(s == BenchSystem.DIRECT ? p99 : String.format(Locale.ROOT, "%.2fx (%s)",
                    ratioToDirect(s, m -> m.keepAlive().p99Millis()), p99)).append(" |\n");
        }
        return t.toString();
    }

    /** @return the CPU table: percent of one core per 1,000 new connections/s and per Gbit/s, machine-wide */
    String cpuTable() {
        StringBuilder t = new StringBuilder("| system | softirq per 1k conn/s | all CPU per 1k conn/s "
                + "| softirq per Gbit/s | all CPU per Gbit/s |\n|---|---:|---:|---:|---:|\n");
        for (BenchSystem s : bySystem.keySet()) {
            t.append("| ").append(s.label()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f%% | %.1f%% | %.1f%% | %.1f%% |%n",
                            median(s, Measurement::softirqPer1kConnections),
                            median(s, Measurement::busyPer1kConnections), median(s, Measurement::softirqPerGbit),
                            median(s, Measurement::busyPerGbit)));
        }
        return t.toString();
    }

    /** @return for each ebpf-lb system and throughput column: whether it meets its share of direct and beats the others */
    List<String> targets() {
        List<String> lines = new ArrayList<>();
        List<BenchSystem> others = bySystem.keySet().stream()
                .filter(s -> s == BenchSystem.NFTABLES || s == BenchSystem.HAPROXY).toList();
        for (BenchSystem s : bySystem.keySet()) {
            if (s.xdpMode().isEmpty()) {
                continue;
            }
            for (Column c : THROUGHPUT) {
                double ratio = ratioToDirect(s, c.value());
                List<String> behind = others.stream().filter(o -> ratioToDirect(o, c.value()) >= ratio)
                        .map(BenchSystem::label).toList();
                boolean met = ratio >= c.target() && behind.isEmpty();
                lines.add(String.format(Locale.ROOT, "%s %s: %s (%s of direct, target %s%s)", s.label(), c.title(),
                        met ? "met" : "MISSED", percent(ratio), percent(c.target()),
                        behind.isEmpty() ? "" : "; not ahead of " + String.join(", ", behind)));
            }
        }
        return lines;
    }

    /** @return runs where wrk saw socket errors or non-2xx answers, one line each */
    List<String> errors() {
        return bySystem.values().stream().flatMap(m -> m.values().stream())
                .filter(m -> m.keepAlive().errors() + m.newConnections().errors() > 0)
                .map(m -> String.format(Locale.ROOT, "%s round %d: %d errors with keep-alive, %d with new connections",
                        m.system().label(), m.round(), m.keepAlive().errors(), m.newConnections().errors()))
                .toList();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
