package org.ebpflb.runtime.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Requests per backend against configured weights, as the demo prints it.
 *
 * @param expectedWeights per backend (in display order) the weight traffic should follow; 0 for a backend expected
 *     to get nothing (down or drained)
 * @param counts answered requests per backend name
 * @param failed requests that got no answer
 */
public record SpreadTable(List<Weight> expectedWeights, Map<String, Integer> counts, int failed) {
    /** Copies. */
    public SpreadTable {
        expectedWeights = List.copyOf(expectedWeights);
        counts = Map.copyOf(counts);
    }

    /**
     * The weight a backend's traffic should follow.
     *
     * @param backend its name
     * @param weight configured weight, or 0 when it should get nothing
     */
    public record Weight(String backend, int weight) {
        /** Rejects negative weights. */
        public Weight {
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + backend + " is negative: " + weight);
            }
        }
    }

    /**
     * @param config the configuration in force
     * @param out backends expected to get no traffic (down, drained)
     * @return the expected weights, in the config's target order
     */
    public static List<Weight> expected(DemoConfig config, Set<String> out) {
        return config.targets().stream().map(t -> new Weight(t.name(), out.contains(t.name()) ? 0 : t.weight()))
                .toList();
    }

    /** @return answered requests */
    public int answered() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @param name a backend
     * @return its expected share in percent: weight over the sum of weights
     */
    public double expectedPercent(String name) {
        int total = expectedWeights.stream().mapToInt(Weight::weight).sum();
        int w = expectedWeights.stream().filter(t -> t.backend().equals(name)).mapToInt(Weight::weight).sum();
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
        return expectedWeights.stream().mapToDouble(t -> Math.abs(expectedPercent(t.backend()) - actualPercent(t.backend())))
                .max().orElse(0);
    }

    /** @return the table, one line per backend, then a totals line */
    public String render() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-12s %6s %9s %8s %9s%n",
                "backend", "weight", "expected", "actual", "requests"));
        for (Weight t : expectedWeights) {
            s.append(String.format(Locale.ROOT, "  %-12s %6d %8.1f%% %7.1f%% %9d%n", t.backend(), t.weight(),
                    expectedPercent(t.backend()), actualPercent(t.backend()), counts.getOrDefault(t.backend(), 0)));
        }
        counts.keySet().stream().filter(n -> expectedWeights.stream().noneMatch(t -> t.backend().equals(n))).sorted()
                .forEach(n -> s.append(String.format(Locale.ROOT, "  %-12s %6s %9s %7.1f%% %9d%n", n, "-", "-",
                        actualPercent(n), counts.get(n))));
        s.append(String.format(Locale.ROOT, "  %d answered, %d failed; largest deviation %.1f points%n",
                answered(), failed, maxDeviation()));
        return s.toString();
    }
}
