package org.ebpflb.runtime.config;

import java.util.List;
import java.util.Set;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;

/** A plugin for tests that only declares config keys; starting it contributes nothing. */
final class FakePlugin implements Plugin {
    private final String id;
    private final List<ConfigKeys> keys;

    FakePlugin(String id, ConfigKeys... keys) {
        this.id = id;
        this.keys = List.of(keys);
    }

    /** @return a plugin owning the keys without a discriminator, recording what it validates */
    static FakePlugin owning(String id, Set<String> serviceKeys, Set<String> targetKeys) {
        return new FakePlugin(id, new RecordingKeys(serviceKeys, targetKeys));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ConfigKeys> configKeys() {
        return keys;
    }

    @Override
    public void start(PluginContext context) {
        // declares keys only
    }
}
