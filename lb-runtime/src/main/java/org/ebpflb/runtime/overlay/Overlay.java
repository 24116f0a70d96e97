package org.ebpflb.runtime.overlay;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.runtime.overlay.ServiceChange.Defined;
import org.ebpflb.runtime.overlay.ServiceChange.Edited;
import org.ebpflb.runtime.overlay.ServiceChange.Removed;
import org.ebpflb.runtime.overlay.ServiceChange.WeightChange;

/**
 * The runtime changes merged over the main configuration file: at most one {@link ServiceChange} per service, in the
 * order they were first made. Each operation returns the overlay with one more change folded in, or refuses what
 * cannot be meant at all (an unknown service or target); everything else, a bad weight or a duplicate target, is
 * left to validation of the merged configuration, which words it as it would for the file.
 *
 * <p>Operations take the main file's services by name, as written (before validation): a change of a service the
 * overlay defines edits that definition; a change of a service of the main file is recorded as an edit of it.
 *
 * @param changes per service, in order
 */
public record Overlay(List<ServiceChange> changes) {
    /** No runtime change. */
    public static final Overlay EMPTY = new Overlay(List.of());
    /** The weight of a target that sets none (the configuration's default). */
    private static final long DEFAULT_WEIGHT = 1;

    /** Copies the list. */
    public Overlay {
        changes = List.copyOf(changes);
    }

    /**
     * @param service a service name
     * @return the overlay's change of it
     */
    public Optional<ServiceChange> of(String service) {
        return changes.stream().filter(c -> c.service().equals(service)).findFirst();
    }

    /**
     * Adds a target to a service's {@code targets}.
     *
     * @param main the main file's services by name
     * @param service the service
     * @param target the target object, as written in a configuration
     * @param origin the request
     * @return the overlay with the target added
     * @throws RefusedChange when there is no such service
     */
    public Overlay addTarget(Map<String, ConfigObject> main, String service, ConfigObject target, ConfigOrigin origin)
            throws RefusedChange {
        ServiceChange change = existing(main, service);
        if (change instanceof Defined d) {
            return with(new Defined(service, d.replaces(), withTargets(d.definition(), append(targets(d), target)),
                    d.origin()));
        }
        Edited e = (Edited) change;
        return with(new Edited(service, append(e.addTargets(), target), e.removeTargets(), e.weights(), e.origin()));
    }

    /**
     * Takes a target out of a service's {@code targets}.
     *
     * @param main the main file's services by name
     * @param service the service
     * @param target {@code ip:port} or {@code host:port}
     * @return the overlay without the target
     * @throws RefusedChange when there is no such service or target, or it is the service's last target
     */
    public Overlay removeTarget(Map<String, ConfigObject> main, String service, String target) throws RefusedChange {
        String label = TargetLabel.normalize(target);
        ServiceChange change = existing(main, service);
        if (change instanceof Defined d) {
            List<ConfigObject> left = targets(d).stream().filter(t -> !label.equals(label(t))).toList();
            requireRemoval(service, label, targets(d).size(), left.size());
            return with(new Defined(service, d.replaces(), withTargets(d.definition(), left), d.origin()));
        }
        Edited e = (Edited) change;
        List<ConfigObject> added = e.addTargets().stream().filter(t -> !label.equals(label(t))).toList();
        List<ConfigObject> kept = mainTargets(main.get(service), e);
        List<String> removed = e.removeTargets();
        if (added.size() == e.addTargets().size() && kept.stream().anyMatch(t -> label.equals(label(t)))) {
            removed = append(removed, label);
        }
        int before = e.addTargets().size() + kept.size();
        int after = added.size() + kept.size() - (removed.size() - e.removeTargets().size());
        requireRemoval(service, label, before, after);
        List<WeightChange> weights = e.weights().stream().filter(w -> !w.target().equals(label)).toList();
        return with(new Edited(service, added, removed, weights, e.origin()));
    }

    /**
     * Sets a target's base weight.
     *
     * @param main the main file's services by name
     * @param service the service
     * @param target {@code ip:port} or {@code host:port}
     * @param weight the weight value, validated with the merged configuration
     * @param origin the request
     * @return the overlay with the weight set
     * @throws RefusedChange when there is no such service or target
     */
    public Overlay setWeight(Map<String, ConfigObject> main, String service, String target, ConfigValue weight,
                             ConfigOrigin origin) throws RefusedChange {
        String label = TargetLabel.normalize(target);
        ServiceChange change = existing(main, service);
        if (change instanceof Defined d) {
            List<ConfigObject> updated = reweigh(targets(d), label, weight);
            if (updated == null) {
                throw noTarget(service, label);
            }
            return with(new Defined(service, d.replaces(), withTargets(d.definition(), updated), d.origin()));
        }
        Edited e = (Edited) change;
        List<ConfigObject> added = reweigh(e.addTargets(), label, weight);
        if (added != null) {
            return with(new Edited(service, added, e.removeTargets(), e.weights(), e.origin()));
        }
        ConfigObject current = mainTargets(main.get(service), e).stream().filter(t -> label.equals(label(t)))
                .findFirst().orElseThrow(() -> noTarget(service, label));
        List<WeightChange> weights = new ArrayList<>(e.weights().stream()
                .filter(w -> !w.target().equals(label)).toList());
        weights.add(new WeightChange(label, weight, TargetLabel.weight(current, DEFAULT_WEIGHT), origin));
        return with(new Edited(service, e.addTargets(), e.removeTargets(), weights, e.origin()));
    }

    /**
     * Adds a whole service, or replaces one.
     *
     * @param main the main file's services by name
     * @param definition the service object, with its {@code name}
     * @param replace whether an existing service of that name may be replaced
     * @param origin the request
     * @return the overlay with the service defined
     * @throws RefusedChange when the object has no name, or the service exists and {@code replace} is false
     */
    public Overlay defineService(Map<String, ConfigObject> main, ConfigObject definition, boolean replace,
                                 ConfigOrigin origin) throws RefusedChange {
        ConfigValue name = definition.get("name");
        if (name == null || name.valueType() != ConfigValueType.STRING) {
            throw new RefusedChange("the service needs a name (name = \"...\")");
        }
        String service = (String) name.unwrapped();
        Optional<ServiceChange> change = of(service);
        boolean exists = change.map(c -> !(c instanceof Removed)).orElse(main.containsKey(service));
        if (exists && !replace) {
            throw new RefusedChange("service '" + service + "' exists already; replace it as a whole with "
                    + "--replace (admin API: \"replace\": true), or pick another name");
        }
        return with(new Defined(service, main.containsKey(service), definition, origin));
    }

    /**
     * Removes a service.
     *
     * @param main the main file's services by name
     * @param service the service
     * @param origin the request
     * @return the overlay without the service
     * @throws RefusedChange when there is no such service
     */
    public Overlay removeService(Map<String, ConfigObject> main, String service, ConfigOrigin origin)
            throws RefusedChange {
        existing(main, service);
        List<ServiceChange> others = changes.stream().filter(c -> !c.service().equals(service)).toList();
        if (!main.containsKey(service)) {
            return new Overlay(others); // added at runtime: forgetting it removes it
        }
        List<ServiceChange> next = new ArrayList<>(changes);
        next.replaceAll(c -> c.service().equals(service) ? new Removed(service, origin) : c);
        return new Overlay(of(service).isPresent() ? next : append(others, new Removed(service, origin)));
    }

    /** @return the service's change, a fresh edit when only the main file has it */
    private ServiceChange existing(Map<String, ConfigObject> main, String service) throws RefusedChange {
        Optional<ServiceChange> change = of(service);
        if (change.isPresent() && change.get() instanceof Removed) {
            throw new RefusedChange("service '" + service + "' was removed at runtime (lb runtime diff shows it)");
        }
        if (change.isPresent()) {
            return change.get();
        }
        if (!main.containsKey(service)) {
            throw new RefusedChange("no service '" + service + "' (neither in the configuration file nor added at "
                    + "runtime)");
        }
        return new Edited(service, List.of(), List.of(), List.of(), main.get(service).origin());
    }

    private Overlay with(ServiceChange change) {
        List<ServiceChange> next = new ArrayList<>(changes);
        int at = next.stream().map(ServiceChange::service).toList().indexOf(change.service());
        if (change instanceof Edited e && e.isEmpty()) {
            next.removeIf(c -> c.service().equals(change.service())); // its last change was undone
        } else if (at >= 0) {
            next.set(at, change);
        } else {
            next.add(change);
        }
        return new Overlay(next);
    }

    private static void requireRemoval(String service, String label, int before, int after) throws RefusedChange {
        if (after == before) {
            throw noTarget(service, label);
        }
        if (after == 0) {
            throw new RefusedChange("target " + label + " is the last target of service '" + service
                    + "'; remove the service instead");
        }
    }

    private static RefusedChange noTarget(String service, String label) {
        return new RefusedChange("service '" + service + "' has no target " + label + " in its targets");
    }

    /** The main file's targets of a service that an edit has not removed. */
    private static List<ConfigObject> mainTargets(ConfigObject service, Edited e) {
        return objects(service.get("targets")).stream()
                .filter(t -> !e.removeTargets().contains(label(t))).toList();
    }

    private static List<ConfigObject> targets(Defined d) {
        return objects(d.definition().get("targets"));
    }

    private static List<ConfigObject> objects(ConfigValue list) {
        if (!(list instanceof ConfigList l)) {
            return List.of();
        }
        return l.stream().filter(ConfigObject.class::isInstance).map(ConfigObject.class::cast).toList();
    }

    /** @return the targets with the labelled one's weight replaced, null when none has the label */
    private static List<ConfigObject> reweigh(List<ConfigObject> targets, String label, ConfigValue weight) {
        List<ConfigObject> out = new ArrayList<>(targets);
        for (int i = 0; i < out.size(); i++) {
            if (label.equals(label(out.get(i)))) {
                out.set(i, out.get(i).withValue("weight", weight));
                return out;
            }
        }
        return null;
    }

    private static ConfigObject withTargets(ConfigObject service, List<ConfigObject> targets) {
        ConfigValue list = service.get("targets");
        return service.withValue("targets", ConfigValueFactory.fromIterable(targets,
                list != null ? list.origin().description() : "targets"));
    }

    private static String label(ConfigObject target) {
        return TargetLabel.of(target).orElse(null);
    }

    private static <T> List<T> append(List<? extends T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
