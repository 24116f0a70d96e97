package org.ebpflb.plugin.metrics;

import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * A runtime whose plugins registered the given status sections.
 *
 * @param sections snapshot per section title
 */
record SectionsRuntime(Map<String, Map<String, ?>> sections) implements RuntimeInfo {
    @Override
    public String version() {
        return "test";
    }

    @Override
    public Map<String, Long> pluginErrors() {
        return Map.of();
    }

    @Override
    public Optional<Map<String, ?>> status(String section) {
        return Optional.ofNullable(sections.get(section));
    }
}
