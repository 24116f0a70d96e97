package org.ebpflb.runtime.config;

import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;

/**
 * A plugin with settings and no keys, loaded by {@link IsolatedPluginLoader} beside its own reference.conf, as a
 * plugin JAR would be. Public because that loader defines it in a package of its own.
 */
public final class SettingsPlugin implements Plugin {
    /** Used by the loader. */
    public SettingsPlugin() {
    }

    @Override
    public String id() {
        return "fake-metrics";
    }

    @Override
    public void start(PluginContext context) {
        // settings only
    }
}
