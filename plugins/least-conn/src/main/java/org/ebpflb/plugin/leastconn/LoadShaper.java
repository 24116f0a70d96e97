package org.ebpflb.plugin.leastconn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;

/**
 * Least connections as a weight factor. Per group, a target's load is its active connections per unit of base
 * weight, plus one connection per average weight so idle targets compare equal; the others' load is the same over
 * the group's other targets together. A target busier than the others gets the ratio of the two as factor (at least
 * {@code min-factor}), the others 1: only the busy are slowed. A factor moves only when the new value differs from the
 * one in force by more than {@code min-change} (hysteresis), so steady load does not rewrite Maglev tables. Factors
 * are recomputed by {@link #recompute} only; {@link #factor} reads them.
 */
final class LoadShaper implements WeightModifier, StatusProvider {
    /** A factor in force and how it came about. */
    private record Shaped(double value, long active, double othersLoad, double load) {
    }

    /** A target's identity within a group. */
    private record Key(String service, String group, Endpoint target) {
    }

    private volatile Map<Key, Shaped> inForce = Map.of();
    private volatile Instant computedAt = Instant.EPOCH;

    /**
     * @param model the current model
     * @param stats the data plane's counters
     * @param settings the plugin's settings
     * @param now when
     * @return whether any factor in force changed
     */
    synchronized boolean recompute(ServiceModel model, DataPlaneStats stats, LeastConnSettings settings,
                                   Instant now) {
        Map<String, Map<String, List<Target>>> groups = new LinkedHashMap<>();
        for (Target t : model.targets()) {
            if (settings.shapes(t.service())) {
                groups.computeIfAbsent(t.service(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
            }
        }
        Map<Key, Shaped> before = inForce;
        Map<Key, Shaped> next = new HashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Map<String, List<Target>>> service : groups.entrySet()) {
            Map<Endpoint, TrafficCounters> counters = stats.targets(service.getKey());
            for (List<Target> group : service.getValue().values()) {
                double connections = 0;
                double weight = 0;
                for (Target t : group) {
                    connections += active(t, counters);
                    weight += t.baseWeight();
                }
                double floor = group.size() / weight; // one connection per average weight
                for (Target t : group) {
                    Key key = new Key(t.service(), t.group(), t.endpoint());
                    long own = active(t, counters);
                    double load = own / t.baseWeight() + floor;
                    double others = group.size() == 1 ? load
                            : (connections - own) / (weight - t.baseWeight()) + floor;
                    double wanted = Math.max(settings.minFactor(), Math.min(1.0, others / load));
                    Shaped old = before.get(key);
                    double current = old == null ? 1.0 : old.value();
                    double value = Math.abs(wanted - current) > settings.minChange() ? wanted : current;
                    changed |= value != current;
                    next.put(key, new Shaped(value, own, others, load));
                }
            }
        }
        changed |= before.entrySet().stream()
                .anyMatch(e -> !next.containsKey(e.getKey()) && e.getValue().value() != 1.0);
        inForce = Map.copyOf(next);
        computedAt = now;
        return changed;
    }

    @Override
    public String name() {
        return LeastConnPlugin.ID;
    }

    @Override
    public int order() {
        return ORDER_LOAD;
    }

    /**
     * @param target a concrete target
     * @return its factor in force, with its active connections and load for explain
     */
    @Override
    public WeightFactor factor(Target target) {
        Shaped s = inForce.get(new Key(target.service(), target.group(), target.endpoint()));
        if (s == null) {
            return WeightFactor.neutral(FactorKind.LOAD, "not measured yet");
        }
        return new WeightFactor(s.value(), FactorKind.LOAD, s.active() + " active, "
                + String.format(Locale.ROOT, "load %.2f, the group's others %.2f", s.load(), s.othersLoad()));
    }

    @Override
    public String section() {
        return LeastConnPlugin.ID;
    }

    /** @return per service, the factor and active connections of each target of each group */
    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("computed-at", computedAt.toString());
        Map<String, List<Map<String, Object>>> services = new LinkedHashMap<>();
        inForce.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> (a.service() + a.group() + a.target())
                        .compareTo(b.service() + b.group() + b.target())))
                .forEach(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("group", e.getKey().group());
                    row.put("target", e.getKey().target().toString());
                    row.put("active", e.getValue().active());
                    row.put("factor", Math.round(e.getValue().value() * 1000) / 1000.0);
                    services.computeIfAbsent(e.getKey().service(), s -> new ArrayList<>()).add(row);
                });
        out.put("services", services);
        return out;
    }

    private static long active(Target t, Map<Endpoint, TrafficCounters> counters) {
        TrafficCounters c = counters.get(t.endpoint());
        return c == null ? 0 : c.connectionsActive();
    }
}
