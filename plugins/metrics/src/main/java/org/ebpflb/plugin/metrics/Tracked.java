package org.ebpflb.plugin.metrics;

import io.prometheus.client.SimpleCollector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A labelled simpleclient metric and the label values it has series for, so that series of removed services and
 * targets can be removed too (simpleclient does not list its children).
 *
 * @param <C> the child type
 */
final class Tracked<C> {
    private final SimpleCollector<C> metric;
    private final Set<List<String>> series = ConcurrentHashMap.newKeySet();

    Tracked(SimpleCollector<C> metric) {
        this.metric = metric;
    }

    /** @param labels label values in declaration order @return the series, created when new */
    C series(String... labels) {
        series.add(List.of(labels));
        return metric.labels(labels);
    }

    /** @param gone true for label values whose series must go */
    void removeIf(Predicate<List<String>> gone) {
        series.removeIf(labels -> {
            if (gone.test(labels)) {
                metric.remove(labels.toArray(String[]::new));
                return true;
            }
            return false;
        });
    }

    SimpleCollector<C> metric() {
        return metric;
    }
}
