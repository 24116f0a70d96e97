package org.ebpflb.runtime.registry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightModifier;

/**
 * Everything plugins registered through their contexts, in registration order, each tagged with its plugin. Read by
 * the pipeline (modifiers, sources), the admin API (routes, status sections) and the plugin listing.
 */
public final class ContributionRegistry {
    private final List<Registered<WeightModifier>> modifiers = new CopyOnWriteArrayList<>();
    private final List<Registered<TargetSource>> sources = new CopyOnWriteArrayList<>();
    private final List<Registered<AdminRoute>> routes = new CopyOnWriteArrayList<>();
    private final List<Registered<StatusProvider>> statuses = new CopyOnWriteArrayList<>();

    /**
     * @param pluginId the registering plugin
     * @param modifier its modifier
     */
    public void addModifier(String pluginId, WeightModifier modifier) {
        modifiers.add(new Registered<>(pluginId, modifier));
    }

    /**
     * @param pluginId the registering plugin
     * @param source its target source
     */
    public void addSource(String pluginId, TargetSource source) {
        sources.add(new Registered<>(pluginId, source));
    }

    /**
     * @param pluginId the registering plugin
     * @param route its admin route
     * @throws IllegalArgumentException when another plugin already answers the same method and path shape
     */
    public synchronized void addRoute(String pluginId, AdminRoute route) {
        String shape = shape(route);
        for (Registered<AdminRoute> r : routes) {
            if (shape(r.item()).equals(shape)) {
                throw new IllegalArgumentException("admin route " + route.method() + " " + route.path()
                        + " is already registered by plugin " + r.pluginId());
            }
        }
        routes.add(new Registered<>(pluginId, route));
    }

    /**
     * @param pluginId the registering plugin
     * @param status its status section
     */
    public void addStatus(String pluginId, StatusProvider status) {
        statuses.add(new Registered<>(pluginId, status));
    }

    /** @param pluginId a plugin whose contributions must go, e.g. because its start failed */
    public void removeAll(String pluginId) {
        modifiers.removeIf(r -> r.pluginId().equals(pluginId));
        sources.removeIf(r -> r.pluginId().equals(pluginId));
        routes.removeIf(r -> r.pluginId().equals(pluginId));
        statuses.removeIf(r -> r.pluginId().equals(pluginId));
    }

    private static String shape(AdminRoute route) {
        return route.method().toUpperCase(Locale.ROOT) + " " + route.path().replaceAll("\\{[^/]*}", "{}");
    }

    /** @return registered weight modifiers, in registration order */
    public List<Registered<WeightModifier>> modifiers() {
        return List.copyOf(modifiers);
    }

    /** @return registered target sources, in registration order */
    public List<Registered<TargetSource>> sources() {
        return List.copyOf(sources);
    }

    /** @return registered admin routes, in registration order */
    public List<Registered<AdminRoute>> routes() {
        return List.copyOf(routes);
    }

    /** @return registered status sections, in registration order */
    public List<Registered<StatusProvider>> statuses() {
        return List.copyOf(statuses);
    }
}
