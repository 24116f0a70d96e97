package org.ebpflb.runtime.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.ebpflb.api.spi.RuntimeInfo;
import org.ebpflb.runtime.pipeline.ModifierErrors;
import org.ebpflb.runtime.plugin.PluginRecord;
import org.ebpflb.runtime.plugin.PluginState;

/**
 * The runtime as plugins see it: this build's version, and per plugin its weight-modifier failures plus one for a
 * failed start (zero for a running plugin without failures).
 *
 * @param modifierErrors weight-modifier failures per plugin
 * @param plugins the plugin records (read on every call: a start may fail after this object exists)
 */
record EngineRuntimeInfo(ModifierErrors modifierErrors, Supplier<List<PluginRecord>> plugins)
        implements RuntimeInfo {
    @Override
    public String version() {
        return RuntimeVersion.ebpfLb();
    }

    @Override
    public Map<String, Long> pluginErrors() {
        Map<String, Long> out = new TreeMap<>(modifierErrors.counts());
        for (PluginRecord p : plugins.get()) {
            if (p.state() == PluginState.FAILED) {
                out.merge(p.id(), 1L, Long::sum);
            } else if (p.state() == PluginState.RUNNING) {
                out.putIfAbsent(p.id(), 0L);
            }
        }
        return out;
    }
}
