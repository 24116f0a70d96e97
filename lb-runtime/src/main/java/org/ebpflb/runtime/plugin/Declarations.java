package org.ebpflb.runtime.plugin;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightModifier;

/**
 * What a plugin declares it contributes, read once from its {@code declared*} methods and {@code configKeys()}: shown
 * by {@code lb plugins} before the plugin starts, and the list its registrations are checked against.
 *
 * @param pluginId the plugin
 * @param modifiers its declared weight modifiers
 * @param sources names of its declared target sources
 * @param routes its declared admin routes
 * @param statusSections its declared status sections
 * @param configKeys the service keys and {@code targets[].key} target keys it owns
 */
record Declarations(String pluginId, List<DeclaredModifier> modifiers, List<String> sources,
                    List<DeclaredRoute> routes, List<String> statusSections, List<String> configKeys) {
    /** Copies the lists. */
    Declarations {
        modifiers = List.copyOf(modifiers);
        sources = List.copyOf(sources);
        routes = List.copyOf(routes);
        statusSections = List.copyOf(statusSections);
        configKeys = List.copyOf(configKeys);
    }

    /**
     * @param plugin a loaded plugin
     * @return its declarations
     * @throws RuntimeException whatever the plugin's methods throw
     */
    static Declarations of(Plugin plugin) {
        TreeSet<String> keys = new TreeSet<>();
        for (ConfigKeys k : plugin.configKeys()) {
            keys.addAll(k.serviceKeys());
            k.targetKeys().forEach(t -> keys.add("targets[]." + t));
        }
        return new Declarations(plugin.id(), plugin.declaredModifiers(), plugin.declaredTargetSources(),
                plugin.declaredRoutes(), plugin.declaredStatusSections(), List.copyOf(keys));
    }

    /** @return everything declared, as {@code lb plugins} lists it */
    Contributions contributions() {
        return new Contributions(modifiers.stream().map(Declarations::describe).toList(), sources,
                routes.stream().map(DeclaredRoute::toString).toList(), statusSections, configKeys);
    }

    /** @return e.g. {@code health-tcp (order 100, availability)} */
    static String describe(DeclaredModifier m) {
        return m.name() + " (order " + m.order() + ", " + m.kind().name().toLowerCase(Locale.ROOT) + ")";
    }

    /**
     * @param modifier a modifier being registered
     * @throws IllegalStateException when it is not declared, or declared with another order
     */
    void check(WeightModifier modifier) {
        String name = modifier.name();
        int order = modifier.order();
        DeclaredModifier declared = modifiers.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> undeclared("weight modifier '" + name + "'", "declaredModifiers()",
                        modifiers.stream().map(Declarations::describe).toList()));
        if (declared.order() != order) {
            throw new IllegalStateException("plugin " + pluginId + " registers weight modifier '" + name
                    + "' with order " + order + " but declares order " + declared.order());
        }
    }

    /** @param source a target source being registered */
    void check(TargetSource source) {
        if (!sources.contains(source.name())) {
            throw undeclared("target source '" + source.name() + "'", "declaredTargetSources()", sources);
        }
    }

    /** @param route an admin route being registered */
    void check(AdminRoute route) {
        if (routes.stream().noneMatch(r -> r.matches(route))) {
            throw undeclared("admin route " + route.method() + " " + route.path(), "declaredRoutes()",
                    routes.stream().map(DeclaredRoute::toString).toList());
        }
    }

    /** @param status a status section being registered */
    void check(StatusProvider status) {
        if (!statusSections.contains(status.section())) {
            throw undeclared("status section '" + status.section() + "'", "declaredStatusSections()",
                    statusSections);
        }
    }

    private IllegalStateException undeclared(String what, String method, List<String> declared) {
        return new IllegalStateException("plugin " + pluginId + " registers " + what + ", which it does not declare"
                + " (Plugin." + method + " lists " + (declared.isEmpty() ? "none" : String.join(", ", declared))
                + ")");
    }
}
