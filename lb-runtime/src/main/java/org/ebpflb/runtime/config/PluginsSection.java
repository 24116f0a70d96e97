package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.settings.DidYouMean;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.runtime.plugin.PluginSettings;

/**
 * Checks {@code lb.plugins}: {@code enabled} and {@code required} for every plugin, and every other key against the
 * plugin's own reference.conf. An empty object in a reference.conf is a map and accepts any keys. The plugin then
 * judges the values of the same merged settings it will run with ({@link PluginSettings#merged}).
 */
final class PluginsSection {
    private final Map<String, Plugin> installed;
    private final Values values;
    private final Problems problems;

    /**
     * @param installed the loaded plugins by id
     * @param problems receives problems
     */
    PluginsSection(Map<String, Plugin> installed, Problems problems) {
        this.installed = installed;
        this.values = new Values(problems);
        this.problems = problems;
    }

    /**
     * @param plugins the {@code lb.plugins} object
     * @return ids whose settings say {@code enabled = false}
     */
    Set<String> check(ConfigObject plugins) {
        Set<String> disabled = new HashSet<>();
        for (String id : new TreeSet<>(plugins.keySet())) {
            values.object(plugins.get(id), id).ifPresent(settings -> {
                boolean enabled = values.bool(settings, "enabled").orElse(true);
                boolean required = values.bool(settings, "required").orElse(false);
                if (!enabled) {
                    disabled.add(id);
                    if (required) {
                        problems.add(settings.get("required").origin(), "plugin " + id + " is required but disabled");
                    }
                }
                Plugin plugin = installed.get(id);
                if (plugin != null) {
                    defaults(plugin).ifPresent(reference -> checkKeys(settings, reference, true));
                } else if (enabled) {
                    problems.add(plugins.get(id).origin(), "settings for plugin " + id + ", which is not installed"
                            + DidYouMean.hint(id, knownIds()));
                }
            });
        }
        for (Plugin plugin : installed.values()) {
            if (!disabled.contains(plugin.id())) {
                validateWithPlugin(plugin, plugins);
            }
        }
        return disabled;
    }

    /** The plugin judges its merged settings' values; unknown keys were already reported above. */
    private void validateWithPlugin(Plugin plugin, ConfigObject plugins) {
        if (plugins.get(plugin.id()) != null && !(plugins.get(plugin.id()) instanceof ConfigObject)) {
            return; // reported by the key checks
        }
        try {
            problems.addAll(plugin.validateSettings(PluginSettings.merged(plugin.id(),
                    plugins.toConfig(), PluginDefaults.of(plugin))));
        } catch (ConfigException e) {
            problems.add(e, "plugin " + plugin.id() + ": ");
        } catch (UncheckedIOException e) {
            return; // an unreadable reference.conf was reported by the key checks
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem("plugin " + plugin.id(), -1, "settings validation failed: " + e));
        }
    }

    private Optional<ConfigObject> defaults(Plugin plugin) {
        try {
            return Optional.of(PluginDefaults.of(plugin).root());
        } catch (ConfigException e) {
            problems.add(e, "plugin " + plugin.id() + " ships a broken reference.conf: ");
        } catch (UncheckedIOException e) {
            problems.add(new ConfigProblem("plugin " + plugin.id(), -1, e.getMessage()));
        }
        return Optional.empty();
    }

    private void checkKeys(ConfigObject settings, ConfigObject reference, boolean top) {
        Set<String> accepted = new HashSet<>(reference.keySet());
        if (top) {
            accepted.addAll(RuntimeKeys.PLUGIN_SETTINGS);
        }
        for (String key : new TreeSet<>(settings.keySet())) {
            ConfigValue value = settings.get(key);
            ConfigValue expected = reference.get(key);
            if (!accepted.contains(key)) {
                problems.add(value.origin(), UnknownKeys.message(key, accepted));
            } else if (expected instanceof ConfigObject nested && !nested.isEmpty()) {
                values.object(value, key).ifPresent(object -> checkKeys(object, nested, false));
            } else if (expected instanceof ConfigObject && !(value instanceof ConfigObject)) {
                values.object(value, key);
            } else if (expected instanceof ConfigList && !(value instanceof ConfigList)) {
                problems.add(value.origin(), "'" + key + "' must be a list [ ... ] (found " + Values.describe(value) + ")");
            }
        }
    }

    private Set<String> knownIds() {
        Set<String> ids = new HashSet<>(WellKnownPluginKeys.pluginIds());
        ids.addAll(installed.keySet());
        return ids;
    }
}
