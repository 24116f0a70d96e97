package org.ebpflb.runtime.lifecycle;

import java.nio.file.Path;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.runtime.config.ConfigLoader;
import org.ebpflb.runtime.config.ConfigResult;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.plugin.PluginLoadException;
import org.ebpflb.runtime.plugin.PluginLoader;

/**
 * The first steps of every command that reads a configuration: bootstrap settings, plugin discovery, then the full
 * load and validation with the enabled plugins' owned keys.
 *
 * @param file the configuration file
 * @param settings its bootstrap settings
 * @param catalog the plugins found
 * @param result the configuration or its problems
 */
public record LoadedConfig(Path file, BootstrapSettings settings, PluginCatalog catalog, ConfigResult result) {
    /**
     * @param file the configuration file
     * @return the loaded configuration, possibly with problems
     * @throws PluginLoadException when a plugin cannot be loaded
     */
    public static LoadedConfig load(Path file) throws PluginLoadException {
        if (!Plugin.class.getModule().isNamed()) {
            throw new PluginLoadException("ebpf-lb must run on the module path (bin/lb does this): lb-api is on the "
                    + "class path, so plugin layers cannot link against it");
        }
        BootstrapSettings settings = BootstrapSettings.read(file);
        PluginCatalog catalog = pluginLoader().discover(settings.pluginDir(), settings.operatorPlugins());
        ConfigResult result = new ConfigLoader(catalog.enabledInstances(settings.operatorPlugins())).load(file);
        return new LoadedConfig(file, settings, catalog, result);
    }

    /** @return the loader over the boot layer */
    static PluginLoader pluginLoader() {
        return new PluginLoader(ModuleLayer.boot());
    }
}
