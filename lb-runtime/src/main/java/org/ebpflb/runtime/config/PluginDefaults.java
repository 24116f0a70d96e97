package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import org.ebpflb.api.spi.Plugin;

/**
 * A plugin's own defaults: the {@code lb.plugins.<id>} subtree of the {@code reference.conf} at the root of the
 * plugin's module (or JAR). {@link org.ebpflb.api.spi.PluginContext#config()} is the operator's settings over these.
 */
public final class PluginDefaults {
    private PluginDefaults() {
    }

    /**
     * Reads a plugin's defaults.
     *
     * @param plugin a loaded plugin
     * @return its defaults, empty when it ships no reference.conf or nothing under {@code lb.plugins.<id>}
     * @throws com.typesafe.config.ConfigException when its reference.conf does not parse
     * @throws java.io.UncheckedIOException when its reference.conf cannot be read
     */
    public static Config of(Plugin plugin) {
        String path = ConfigUtil.joinPath("lb", "plugins", plugin.id());
        return OwnResource.read(plugin.getClass(), "reference.conf")
                .map(text -> ConfigFactory.parseString(text, ConfigParseOptions.defaults()
                        .setOriginDescription("reference.conf of plugin " + plugin.id())))
                .filter(reference -> reference.hasPath(path))
                .map(reference -> reference.getConfig(path))
                .orElse(ConfigFactory.empty());
    }
}
