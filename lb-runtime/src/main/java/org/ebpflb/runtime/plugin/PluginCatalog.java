package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import java.util.List;
import org.ebpflb.api.spi.Plugin;

/**
 * What discovery found: plugins loaded (built-ins first, then directories by name) and directories the operator
 * disabled, which were not loaded at all.
 *
 * @param loaded the instantiated plugins
 * @param disabledDirectories ids of plugin directories skipped because of {@code lb.plugins.<id>.enabled = false}
 */
public record PluginCatalog(List<DiscoveredPlugin> loaded, List<DisabledDirectory> disabledDirectories) {
    /** Copies the lists. */
    public PluginCatalog {
        loaded = List.copyOf(loaded);
        disabledDirectories = List.copyOf(disabledDirectories);
    }

    /**
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @return the loaded plugins whose settings enable them
     */
    public List<DiscoveredPlugin> enabled(Config operatorPlugins) {
        return loaded.stream()
                .filter(p -> PluginSettings.of(p.id(), operatorPlugins, p.defaults()).enabled()).toList();
    }

    /**
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @return the instances of the enabled plugins, for the config loader
     */
    public List<Plugin> enabledInstances(Config operatorPlugins) {
        return enabled(operatorPlugins).stream().map(DiscoveredPlugin::plugin).toList();
    }

    /**
     * A plugin directory the operator disabled.
     *
     * @param id the directory name, which is the plugin id
     * @param location the directory
     */
    public record DisabledDirectory(String id, String location) {
    }
}
