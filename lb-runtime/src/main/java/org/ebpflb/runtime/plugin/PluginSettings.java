package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;

/**
 * A plugin's settings: the operator's {@code lb.plugins.<id>} over the plugin's own defaults, with the two keys the
 * runtime itself reads, {@code enabled} (default true) and {@code required} (default false).
 *
 * @param enabled whether the plugin is loaded and started
 * @param required whether a failure to start stops the runtime instead of being isolated
 * @param config the merged subtree the plugin sees as {@code context.config()}
 */
public record PluginSettings(boolean enabled, boolean required, Config config) {
    /**
     * @param id the plugin id
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @param defaults the plugin's defaults
     * @return the merged settings
     * @throws ConfigException.WrongType when {@code enabled} or {@code required} is not a boolean
     */
    public static PluginSettings of(String id, Config operatorPlugins, Config defaults) {
        Config merged = merged(id, operatorPlugins, defaults);
        return new PluginSettings(!merged.hasPath("enabled") || merged.getBoolean("enabled"),
                merged.hasPath("required") && merged.getBoolean("required"), merged);
    }

    /**
     * The operator's settings over the plugin's defaults, rooted at the operator's {@code lb.plugins.<id>} block (at
     * {@code lb.plugins} when they wrote none), so that a plugin reports a key that is not set in the operator's file
     * rather than in its own reference.conf.
     *
     * @param id the plugin id
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @param defaults the plugin's defaults
     * @return what the plugin sees as its settings
     */
    public static Config merged(String id, Config operatorPlugins, Config defaults) {
        Config own = own(id, operatorPlugins);
        ConfigOrigin anchor = operatorPlugins.hasPath(ConfigUtil.joinPath(id)) ? own.root().origin()
                : operatorPlugins.root().origin();
        return own.withFallback(defaults).root().withOrigin(anchor).toConfig();
    }

    /**
     * @param id a plugin id, which is also a directory name
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @return whether the operator wrote {@code lb.plugins.<id>.enabled = false}
     */
    public static boolean disabledByOperator(String id, Config operatorPlugins) {
        Config own = own(id, operatorPlugins);
        return own.hasPath("enabled") && !own.getBoolean("enabled");
    }

    private static Config own(String id, Config operatorPlugins) {
        String path = ConfigUtil.joinPath(id);
        return operatorPlugins.hasPath(path) ? operatorPlugins.getConfig(path) : ConfigFactory.empty();
    }
}
