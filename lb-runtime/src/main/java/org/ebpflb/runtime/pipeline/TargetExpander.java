package org.ebpflb.runtime.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.runtime.registry.Registered;

/**
 * Turns target specs into concrete targets (step 1 of the pipeline). A spec with an {@code ip} is itself; any other
 * spec goes to the first registered {@link TargetSource} that accepts it, and its weight is split equally over the
 * endpoints the source returns.
 */
public final class TargetExpander {
    private final Supplier<List<Registered<TargetSource>>> sources;

    /** @param sources the currently registered target sources */
    public TargetExpander(Supplier<List<Registered<TargetSource>>> sources) {
        this.sources = sources;
    }

    /**
     * @param service the service
     * @param group the group id
     * @param specs the group's specs
     * @return the targets and any spec that could not be expanded
     */
    public Expansion expand(ServiceSpec service, String group, List<TargetSpec> specs) {
        List<Target> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Registered<TargetSource>> available = sources.get();
        for (TargetSpec spec : specs) {
            if (spec.ip().isPresent()) {
                targets.add(new Target(service.name(), group, new Endpoint(spec.ip().get(), spec.port()),
                        spec.weight(), spec));
                continue;
            }
            Optional<Registered<TargetSource>> source = available.stream()
                    .filter(s -> accepts(s, spec, problems)).findFirst();
            if (source.isEmpty()) {
                problems.add("target " + spec.label() + " has no ip and no loaded plugin expands it"
                        + (spec.host().isPresent() ? " (host targets need the dns plugin)" : ""));
                continue;
            }
            List<Endpoint> endpoints;
            try {
                endpoints = List.copyOf(source.get().item().expand(service, spec));
            } catch (RuntimeException e) {
                problems.add("target " + spec.label() + ": plugin " + source.get().pluginId() + " failed to expand it: "
                        + e);
                continue;
            }
            if (endpoints.isEmpty()) {
                problems.add("target " + spec.label() + " currently expands to no address (plugin "
                        + source.get().pluginId() + ")");
            }
            for (Endpoint endpoint : endpoints) {
                targets.add(new Target(service.name(), group, endpoint, (double) spec.weight() / endpoints.size(),
                        spec));
            }
        }
        return new Expansion(targets, problems);
    }

    /**
     * @param service a service
     * @return the concrete targets of all its groups, for the model plugins read
     */
    public List<Target> expandAll(ServiceSpec service) {
        List<Target> all = new ArrayList<>(expand(service, ServiceSpec.DEFAULT_GROUP, service.targets()).targets());
        for (SourceRouteSpec route : service.sourceRoutes()) {
            all.addAll(expand(service, route.groupId(), route.targets()).targets());
        }
        for (SniRouteSpec route : service.sniRoutes()) {
            all.addAll(expand(service, route.groupId(), route.targets()).targets());
        }
        return all;
    }

    private static boolean accepts(Registered<TargetSource> source, TargetSpec spec, List<String> problems) {
        try {
            return source.item().accepts(spec);
        } catch (RuntimeException e) {
            problems.add("target " + spec.label() + ": plugin " + source.pluginId() + " failed deciding on it: " + e);
            return false;
        }
    }
}
