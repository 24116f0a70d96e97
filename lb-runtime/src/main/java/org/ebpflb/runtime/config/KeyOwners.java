package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigKeys.Discriminator;

/**
 * Decides who owns each key of a service or target object that the runtime does not read itself: an enabled plugin
 * (whose validator then runs), a known plugin that is missing ("needs plugin X"), or nobody ("unknown key").
 */
final class KeyOwners {
    /** The kind of object a key belongs to. */
    enum Level {
        /** a service */
        SERVICE,
        /** a target, in a service's or a source route's target list */
        TARGET
    }

    /**
     * One plugin's key declaration.
     *
     * @param plugin the plugin id
     * @param keys what it owns and how it validates it
     */
    record Owner(String plugin, ConfigKeys keys) {
        Set<String> keys(Level level) {
            return level == Level.SERVICE ? keys.serviceKeys() : keys.targetKeys();
        }

        Optional<Discriminator> discriminatorOf(String key) {
            return keys.discriminator().filter(d -> d.key().equals(key));
        }
    }

    /** What the plugin keys of one service claim: the validators to run, and whether every key had an owner. */
    static final class Claims {
        private final Set<Owner> owners = new LinkedHashSet<>();
        private boolean complete = true;

        /** @return the owners whose validators must see the service */
        Set<Owner> owners() {
            return owners;
        }

        /** @return whether every plugin key had an enabled owner */
        boolean complete() {
            return complete;
        }
    }

    /** The generic value of a shared key's field that turns the feature off without any plugin's help. */
    static final String NONE = "none";

    private final List<Owner> enabled;
    private final List<Owner> all;
    private final Set<String> disabledPlugins;

    /**
     * @param enabled declarations of enabled plugins: they own keys
     * @param disabled declarations of installed plugins the configuration disables: their keys are only known
     */
    KeyOwners(List<Owner> enabled, List<Owner> disabled) {
        this.enabled = List.copyOf(enabled);
        this.all = new ArrayList<>(enabled);
        this.all.addAll(disabled);
        this.disabledPlugins = disabled.stream().map(Owner::plugin).collect(Collectors.toSet());
    }

    /**
     * Checks every key of the object that the runtime does not read.
     *
     * @param level what the object is
     * @param object a service or target object
     * @param claims receives the owners whose validators must see this object, and whether any key had none
     * @param problems receives unknown keys and missing plugins
     */
    void check(Level level, ConfigObject object, Claims claims, Problems problems) {
        for (String key : new TreeSet<>(object.keySet())) {
            if (!runtimeKeys(level).contains(key)) {
                claims.complete &= checkKey(level, key, object.get(key), claims.owners, problems);
            }
        }
    }

    private boolean checkKey(Level level, String key, ConfigValue value, Set<Owner> owners, Problems problems) {
        List<Owner> claims = enabled.stream().filter(o -> o.keys(level).contains(key)).toList();
        if (claims.isEmpty()) {
            problems.add(value.origin(), unowned(level, key, value));
            return false;
        }
        if (claims.stream().allMatch(o -> o.discriminatorOf(key).isPresent())) {
            return route(level, key, value, claims, owners, problems);
        }
        if (claims.size() > 1) {
            problems.add(value.origin(), "key '" + key + "' is claimed by plugins "
                    + claims.stream().map(Owner::plugin).sorted().collect(Collectors.joining(" and "))
                    + "; disable all but one");
            return false;
        }
        owners.add(claims.get(0));
        return true;
    }

    /** Sends a shared key's block to the plugin that handles the value of its discriminating field. */
    private boolean route(Level level, String key, ConfigValue value, List<Owner> claims, Set<Owner> owners,
                          Problems problems) {
        Discriminator first = claims.get(0).discriminatorOf(key).orElseThrow();
        Optional<String> type = fieldValue(key, value, first.field(), first.defaultValue(), problems);
        if (type.isEmpty()) {
            return false;
        }
        if (type.get().equals(NONE)) {
            return true;
        }
        Optional<Owner> owner = claims.stream()
                .filter(o -> o.discriminatorOf(key).orElseThrow().values().contains(type.get())).findFirst();
        if (owner.isPresent()) {
            owners.add(owner.get());
            return true;
        }
        problems.add(value.origin(), missingForValue(level, key, first.field(), type.get(), value));
        return false;
    }

    /** The message for a key no enabled plugin owns. */
    private String unowned(Level level, String key, ConfigValue value) {
        Optional<WellKnownPluginKeys.Entry> known = WellKnownPluginKeys.lookup(level, key);
        if (known.isEmpty()) {
            return UnknownKeys.message(key, candidates(level));
        }
        if (known.get().shared().isEmpty()) {
            return needs(key, known.get().plugin());
        }
        WellKnownPluginKeys.Shared shared = known.get().shared().get();
        // a malformed block gets no type problem here: the missing plugin is the news
        String type = fieldValue(key, value, shared.field(), shared.defaultValue(), new Problems()).orElse(NONE);
        if (type.equals(NONE)) {
            return key + " needs plugin " + String.join(" or ", new LinkedHashSet<>(shared.pluginByValue().values()));
        }
        return missingForValue(level, key, shared.field(), type, value);
    }

    /** "needs plugin X" for a known value of a shared key, or "unknown type" listing the available ones. */
    private String missingForValue(Level level, String key, String field, String type, ConfigValue value) {
        Map<String, Set<String>> available = available(level, key);
        Optional<String> plugin = available.entrySet().stream()
                .filter(e -> e.getValue().contains(type)).map(Map.Entry::getKey).findFirst();
        if (plugin.isEmpty()) {
            String list = available.entrySet().stream()
                    .map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")")
                    .collect(Collectors.joining(", "));
            return "unknown " + key + " " + field + " '" + type + "' (available: " + list + ", " + NONE + ")";
        }
        boolean defaulted = !(value instanceof ConfigObject o && Values.has(o, field));
        String what = defaulted ? key + " (" + field + " '" + type + "' by default)" : key + " " + field + " '" + type + "'";
        return needs(what, plugin.get());
    }

    private String needs(String what, String plugin) {
        return what + " needs plugin " + plugin
                + (disabledPlugins.contains(plugin) ? ", which is disabled (lb.plugins." + plugin + ".enabled)" : "");
    }

    /**
     * The values of a shared key each plugin handles: plugins in the well-known order first, then other installed
     * ones by id. An installed plugin's own declaration replaces the well-known one.
     */
    private Map<String, Set<String>> available(Level level, String key) {
        Map<String, Set<String>> installed = new LinkedHashMap<>();
        all.stream().filter(o -> o.keys(level).contains(key)).sorted(Comparator.comparing(Owner::plugin))
                .forEach(o -> o.discriminatorOf(key).ifPresent(d -> installed.put(o.plugin(), new TreeSet<>(d.values()))));
        Map<String, Set<String>> byPlugin = new LinkedHashMap<>();
        WellKnownPluginKeys.lookup(level, key).flatMap(WellKnownPluginKeys.Entry::shared).ifPresent(shared ->
                shared.pluginByValue().forEach((v, p) -> {
                    if (installed.containsKey(p)) {
                        byPlugin.putIfAbsent(p, installed.get(p));
                    } else {
                        byPlugin.computeIfAbsent(p, x -> new LinkedHashSet<>()).add(v);
                    }
                }));
        installed.forEach(byPlugin::putIfAbsent);
        return byPlugin;
    }

    /** Reads the discriminating field of a shared key's block, which must therefore be an object. */
    private static Optional<String> fieldValue(String key, ConfigValue value, String field, String defaultValue,
                                               Problems problems) {
        Values values = new Values(problems);
        return values.object(value, key).flatMap(o -> Values.has(o, field)
                ? values.string(o, field) : Optional.of(defaultValue));
    }

    /** @return every key that could be meant at that level, for did-you-mean */
    private Set<String> candidates(Level level) {
        Set<String> keys = new HashSet<>(runtimeKeys(level));
        keys.addAll(WellKnownPluginKeys.keys(level));
        all.forEach(o -> keys.addAll(o.keys(level)));
        return keys;
    }

    private static Set<String> runtimeKeys(Level level) {
        return level == Level.SERVICE ? RuntimeKeys.SERVICE : RuntimeKeys.TARGET;
    }
}
