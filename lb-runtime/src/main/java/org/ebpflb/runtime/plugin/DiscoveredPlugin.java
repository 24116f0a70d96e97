package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import org.ebpflb.api.spi.Plugin;

/**
 * A plugin found on the module path or in a plugin directory, instantiated but not started.
 *
 * @param plugin the instance
 * @param id its id
 * @param version its module's version, or "unknown"
 * @param apiVersion the plugin API version it was compiled against, or "unknown"
 * @param location the plugin directory, or "built-in"
 * @param defaults {@code lb.plugins.<id>} from the plugin module's own {@code reference.conf}, empty when none
 */
public record DiscoveredPlugin(Plugin plugin, String id, String version, String apiVersion, String location,
                               Config defaults) {
    /** The location of plugins found in the boot layer. */
    public static final String BUILT_IN = "built-in";
}
