package org.ebpflb.runtime.plugin;

import java.util.List;

/**
 * What one plugin contributes, for {@code lb plugins} and the admin API.
 *
 * @param modifiers weight modifiers, as {@code name (order N)}
 * @param sources target sources, by class name
 * @param routes admin routes, as {@code METHOD path}
 * @param statusSections status section titles
 * @param configKeys service and target keys it owns
 */
public record Contributions(List<String> modifiers, List<String> sources, List<String> routes,
                            List<String> statusSections, List<String> configKeys) {
    /** Nothing. */
    public static final Contributions NONE = new Contributions(List.of(), List.of(), List.of(), List.of(), List.of());

    /** Copies the lists. */
    public Contributions {
        modifiers = List.copyOf(modifiers);
        sources = List.copyOf(sources);
        routes = List.copyOf(routes);
        statusSections = List.copyOf(statusSections);
        configKeys = List.copyOf(configKeys);
    }
}
