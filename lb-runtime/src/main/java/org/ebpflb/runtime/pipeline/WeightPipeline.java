package org.ebpflb.runtime.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.maglev.MaglevTable;
import org.ebpflb.runtime.maglev.Primes;
import org.ebpflb.runtime.registry.Registered;

/**
 * The weight pipeline (docs/ARCHITECTURE.md, "The weight pipeline") for one service: per group, expand targets into base weights, ask every
 * modifier in ascending order for its factor, apply the panic rule, and build the Maglev table over the effective
 * weights, keeping a trace of every step.
 */
public final class WeightPipeline {
    private final TargetExpander expander;
    private final ModifierRunner runner;
    private final Supplier<List<Registered<WeightModifier>>> modifiers;

    /**
     * @param expander expands target specs
     * @param runner calls modifiers safely
     * @param modifiers the currently registered modifiers
     */
    public WeightPipeline(TargetExpander expander, ModifierRunner runner,
                          Supplier<List<Registered<WeightModifier>>> modifiers) {
        this.expander = expander;
        this.runner = runner;
        this.modifiers = modifiers;
    }

    /**
     * @param service the service
     * @param panicThresholdPercent the panic threshold, 0..100
     * @return the trace and the tables of every group: default group first, then source routes, then SNI routes
     */
    public ServiceResult compute(ServiceSpec service, double panicThresholdPercent) {
        List<PipelineModifier> ordered = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Registered<WeightModifier> m : modifiers.get()) {
            PipelineModifier.of(m).ifPresentOrElse(ordered::add,
                    () -> skipped.add("a weight modifier of plugin " + m.pluginId()
                            + " was left out: its name() or order() threw"));
        }
        ordered.sort(PipelineModifier.PIPELINE_ORDER);
        List<GroupTrace> traces = new ArrayList<>();
        List<GroupTable> tables = new ArrayList<>();
        Group main = new Group(ServiceSpec.DEFAULT_GROUP, Optional.empty(), service.targets());
        List<Group> groups = new ArrayList<>(List.of(main));
        for (SourceRouteSpec route : service.sourceRoutes()) {
            groups.add(new Group(route.groupId(), Optional.of(route.source()), route.targets()));
        }
        for (SniRouteSpec route : service.sniRoutes()) {
            groups.add(new Group(route.groupId(), Optional.empty(), route.targets()));
        }
        for (Group group : groups) {
            computeGroup(service, group, ordered, skipped, panicThresholdPercent, traces, tables);
        }
        return new ServiceResult(new ServiceTrace(service.name(), traces),
                new ServiceTables(service.name(), service.listen(), service.hash(), tables));
    }

    private void computeGroup(ServiceSpec service, Group group, List<PipelineModifier> ordered, List<String> skipped,
                              double threshold, List<GroupTrace> traces, List<GroupTable> tables) {
        Expansion expansion = expander.expand(service, group.id(), group.specs());
        List<String> problems = new ArrayList<>(skipped);
        problems.addAll(expansion.problems());
        List<Target> targets = expansion.targets();
        List<List<FactorTrace>> factors = new ArrayList<>();
        targets.forEach(t -> factors.add(new ArrayList<>()));
        for (PipelineModifier m : ordered) {
            List<FactorTrace> column = runner.factors(m, targets);
            for (int i = 0; i < targets.size(); i++) {
                factors.get(i).add(column.get(i));
            }
        }
        PanicState panic = PanicRule.evaluate(targets, factors, threshold);
        double[] effective = new double[targets.size()];
        Map<Endpoint, Double> byEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            effective[i] = targets.get(i).baseWeight() * PanicRule.productInForce(factors.get(i), panic.panic());
            if (byEndpoint.containsKey(targets.get(i).endpoint())) {
                problems.add(targets.get(i).endpoint() + " appears in more than one target of this group;"
                        + " their weights add up");
            }
            byEndpoint.merge(targets.get(i).endpoint(), effective[i], Double::sum);
        }
        List<Endpoint> backends = List.copyOf(byEndpoint.keySet());
        int[] slots = MaglevTable.build(backends, byEndpoint.values().stream().mapToDouble(d -> d).toArray(),
                tableSize(service, problems));
        int[] counts = MaglevTable.slotCounts(slots, backends.size());
        double total = 0;
        for (double e : effective) {
            total += e;
        }
        List<TargetTrace> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            rows.add(new TargetTrace(targets.get(i), factors.get(i), effective[i],
                    total > 0 ? 100 * effective[i] / total : 0, counts[backends.indexOf(targets.get(i).endpoint())]));
        }
        traces.add(new GroupTrace(service.name(), group.id(), group.source(),
                ordered.stream().map(PipelineModifier::name).toList(), rows, panic, problems, slots.length));
        tables.add(new GroupTable(group.id(), group.source(), backends, slots));
    }

    /** Validation normally guarantees a prime; a bad size must still not stop the other services. */
    private static int tableSize(ServiceSpec service, List<String> problems) {
        if (Primes.isPrime(service.tableSize())) {
            return service.tableSize();
        }
        problems.add("table-size " + service.tableSize() + " is not a prime; using " + MaglevTable.DEFAULT_SIZE);
        return MaglevTable.DEFAULT_SIZE;
    }

    private record Group(String id, Optional<Cidr> source, List<TargetSpec> specs) {
    }
}
