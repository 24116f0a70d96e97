package org.ebpflb.runtime.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keys of services and targets that plugins of the distribution own, so that a key whose plugin is not installed
 * gets "needs plugin X" instead of "unknown key", and so did-you-mean knows them.
 */
final class WellKnownPluginKeys {
    private WellKnownPluginKeys() {
    }

    /**
     * A well-known key and the plugin owning it.
     *
     * @param key the key
     * @param plugin the owning plugin's id; for a shared key, the owner of its default value
     * @param shared for a key several plugins share, which plugin owns which value of its field
     */
    record Entry(String key, String plugin, Optional<Shared> shared) {
    }

    /**
     * How a shared key is told apart, e.g. {@code health-check} by {@code type}.
     *
     * @param field the field whose value picks the plugin
     * @param defaultValue the field's value when absent
     * @param pluginByValue the owning plugin of each value, in the order they are listed to operators
     */
    record Shared(String field, String defaultValue, Map<String, String> pluginByValue) {
    }

    private static final Shared HEALTH = new Shared("type", "tcp",
            orderedMap("tcp", "health-tcp", "http", "health-http", "https", "health-http"));

    private static final List<Entry> SERVICE = List.of(
            new Entry("health-check", "health-tcp", Optional.of(HEALTH)),
            new Entry("circuit-breaker", "circuit-breaker", Optional.empty()),
            new Entry("rate-limit", "rate-limit", Optional.empty()),
            new Entry("sni-routes", "sni", Optional.empty()),
            new Entry("drain-timeout", "drain", Optional.empty()));

    private static final List<Entry> TARGET = List.of(
            new Entry("host", "dns", Optional.empty()),
            new Entry("dns-refresh", "dns", Optional.empty()),
            new Entry("health-check", "health-tcp", Optional.of(HEALTH)));

    /** Plugins of the distribution that own no service keys but have settings under {@code lb.plugins}. */
    private static final Set<String> SETTINGS_ONLY_PLUGINS = Set.of("metrics", "least-conn", "dns-registration");

    /**
     * @param level service or target
     * @param key a key of that object
     * @return the entry, if the key is well known there
     */
    static Optional<Entry> lookup(KeyOwners.Level level, String key) {
        return entries(level).stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** @return every well-known key of objects at that level */
    static Set<String> keys(KeyOwners.Level level) {
        return entries(level).stream().map(Entry::key).collect(Collectors.toSet());
    }

    /** @return ids of the distribution's plugins, for did-you-mean on {@code lb.plugins.<id>} */
    static Set<String> pluginIds() {
        return Stream.concat(Stream.concat(SERVICE.stream(), TARGET.stream())
                        .flatMap(e -> Stream.concat(Stream.of(e.plugin()),
                                e.shared().stream().flatMap(s -> s.pluginByValue().values().stream()))),
                SETTINGS_ONLY_PLUGINS.stream()).collect(Collectors.toSet());
    }

    private static List<Entry> entries(KeyOwners.Level level) {
        return level == KeyOwners.Level.SERVICE ? SERVICE : TARGET;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
