package org.ebpflb.runtime.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.ebpflb.api.spi.RuntimeInfo;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.runtime.pipeline.ModifierErrors;
import org.ebpflb.runtime.plugin.PluginRecord;
import org.ebpflb.runtime.plugin.PluginState;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.ebpflb.runtime.registry.Registered;

/**
 * The runtime as plugins see it: this build's version, and per plugin its weight-modifier failures plus one for a
 * failed start (zero for a running plugin without failures), and the status sections plugins registered.
 *
 * @param modifierErrors weight-modifier failures per plugin
 * @param plugins the plugin records (read on every call: a start may fail after this object exists)
 * @param registry where the status sections are registered
 */
record EngineRuntimeInfo(ModifierErrors modifierErrors, Supplier<List<PluginRecord>> plugins,
                         ContributionRegistry registry)
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

    @Override
    public Optional<Map<String, ?>> status(String section) {
        return registry.statuses().stream().map(Registered::item).filter(s -> s.section().equals(section))
                .findFirst().map(StatusProvider::snapshot);
    }
}
