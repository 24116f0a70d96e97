package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.overlay.Overlay;
import org.ebpflb.runtime.overlay.ServiceChange;
import org.ebpflb.runtime.overlay.ServiceChange.Defined;
import org.ebpflb.runtime.overlay.ServiceChange.Edited;
import org.ebpflb.runtime.overlay.ServiceChange.Removed;
import org.ebpflb.runtime.overlay.ServiceChange.WeightChange;
import org.ebpflb.runtime.overlay.TargetLabel;

/**
 * Merges an {@link Overlay} over the main file's {@code lb.services}, keeping every value's origin so validation
 * names the file (or request) each part came from. A service the overlay defines replaces the main file's of that
 * name in place, or is appended; a removed one is left out; an edited one gets its targets changed.
 *
 * <p>Where the main file changed since the overlay was written, the two are reported as conflicts with both
 * locations: an edit of a service, or a weight of a target, that the main file no longer has; a weight the main file
 * changed since (the overlay records the weight it overrode). A service or target the overlay adds and the main file
 * now has too is reported by validation as a duplicate, naming both places. What the overlay removes and the main
 * file removed too is no conflict: the result is the one both want.
 */
final class OverlayMerge {
    private static final String HINT = "; change one of them, or drop every runtime change with lb runtime clear";

    private final Path mainFile;
    private final Problems problems;

    private OverlayMerge(Path mainFile, Problems problems) {
        this.mainFile = mainFile;
        this.problems = problems;
    }

    /**
     * @param user the main file as parsed (not resolved against reference.conf)
     * @param overlay the overlay
     * @param mainFile the main file, as the operator named it
     * @param problems receives conflicts
     * @return the main file with the overlay merged into its {@code lb.services}
     */
    static Config merge(Config user, Overlay overlay, Path mainFile, Problems problems) {
        if (overlay.changes().isEmpty() || !user.hasPath("lb.services")
                || user.getValue("lb.services").valueType() != ConfigValueType.LIST) {
            return user; // nothing to merge into: validation reports the main file's problem
        }
        ConfigList services = user.getList("lb.services");
        return user.withValue("lb.services", new OverlayMerge(mainFile, problems).services(services, overlay));
    }

    /**
     * @param config the configuration file
     * @return its services by name, as written (for runtime changes to find them); empty when it cannot be read
     */
    public static Map<String, ConfigObject> mainServices(Config config) {
        if (!config.hasPath("lb.services") || config.getValue("lb.services").valueType() != ConfigValueType.LIST) {
            return Map.of();
        }
        return config.getList("lb.services").stream().filter(ConfigObject.class::isInstance)
                .map(ConfigObject.class::cast).filter(s -> name(s).isPresent())
                .collect(Collectors.toMap(s -> name(s).get(), Function.identity(), (a, b) -> a));
    }

    private ConfigList services(ConfigList main, Overlay overlay) {
        List<ConfigValue> out = new ArrayList<>();
        Set<String> inMain = new HashSet<>();
        for (ConfigValue element : main) {
            Optional<String> name = element instanceof ConfigObject o ? name(o) : Optional.empty();
            Optional<ServiceChange> change = name.flatMap(overlay::of);
            name.ifPresent(inMain::add);
            if (change.isEmpty()) {
                out.add(element);
                continue;
            }
            switch (change.get()) {
                case Defined d -> out.add(d.replaces() ? d.definition() : element);
                case Removed r -> { }
                case Edited e -> out.add(edit((ConfigObject) element, e));
            }
        }
        for (ServiceChange change : overlay.changes()) {
            if (inMain.contains(change.service())) {
                if (change instanceof Defined d && !d.replaces()) {
                    out.add(d.definition()); // added at runtime, and now in the main file too: a duplicate service
                }
                continue;
            }
            switch (change) {
                case Defined d -> out.add(d.definition()); // one it replaced is gone from the main file: still wanted
                case Removed r -> { } // removed from the main file as well
                case Edited e -> problems.add(e.origin(), "runtime change of service '" + e.service() + "', which "
                        + mainFile + " no longer defines" + HINT);
            }
        }
        return ConfigValueFactory.fromIterable(out, main.origin().description());
    }

    private ConfigObject edit(ConfigObject service, Edited e) {
        ConfigValue list = service.get("targets");
        if (!(list instanceof ConfigList targets)) {
            problems.add(e.origin(), "runtime change of the targets of service '" + e.service() + "', which has no "
                    + "targets list in " + mainFile + HINT);
            return service;
        }
        List<ConfigValue> out = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (ConfigValue target : targets) {
            Optional<String> label = TargetLabel.of(target);
            label.ifPresent(found::add);
            if (label.isPresent() && e.removeTargets().contains(label.get())) {
                continue;
            }
            Optional<WeightChange> weight = label.flatMap(l -> e.weights().stream()
                    .filter(w -> w.target().equals(l)).findFirst());
            out.add(weight.<ConfigValue>map(w -> reweigh((ConfigObject) target, w)).orElse(target));
        }
        for (WeightChange w : e.weights()) {
            if (!found.contains(w.target())) {
                problems.add(w.origin(), "runtime change of the weight of target " + w.target() + " of service '"
                        + e.service() + "', which " + mainFile + " no longer lists" + HINT);
            }
        }
        out.addAll(e.addTargets());
        return service.withValue("targets", ConfigValueFactory.fromIterable(out, targets.origin().description()));
    }

    /** A main file that changed the weight the overlay overrode conflicts: neither may win silently. */
    private ConfigObject reweigh(ConfigObject target, WeightChange w) {
        long now = TargetLabel.weight(target, RuntimeKeys.DEFAULT_WEIGHT);
        if (now != w.was()) {
            ConfigValue here = target.get("weight");
            problems.add(here != null ? here.origin() : target.origin(), "weight " + now + " of target " + w.target()
                    + " conflicts with the runtime change at " + where(w) + ", which set weight "
                    + Values.render(w.weight()) + " over the weight " + w.was() + " this file had then" + HINT);
        }
        return target.withValue("weight", w.weight());
    }

    private static String where(WeightChange w) {
        return ConfigProblem.at(w.origin(), "").toString().replaceFirst(": $", "");
    }

    private static Optional<String> name(ConfigObject service) {
        ConfigValue name = service.get("name");
        return name != null && name.valueType() == ConfigValueType.STRING
                ? Optional.of((String) name.unwrapped()) : Optional.empty();
    }
}
