package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.runtime.pipeline.ModifierErrors;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.junit.jupiter.api.Test;

class EngineRuntimeInfoTest {
    @Test
    void aStatusSectionIsReadFromThePluginThatRegisteredItAndGoesWithIt() {
        ContributionRegistry registry = new ContributionRegistry();
        EngineRuntimeInfo runtime = new EngineRuntimeInfo(new ModifierErrors(), List::of, registry);
        assertEquals(Optional.empty(), runtime.status("circuits"), "no plugin registered it");
        registry.addStatus("circuit-breaker", new StatusProvider() {
            @Override
            public String section() {
                return "circuits";
            }

            @Override
            public Map<String, ?> snapshot() {
                return Map.of("web", List.of(Map.of("target", "198.18.1.2:8080", "error-rate-pct", 12.5)));
            }
        });
        assertEquals(Optional.of(Map.of("web", List.of(Map.of("target", "198.18.1.2:8080", "error-rate-pct", 12.5)))),
                runtime.status("circuits"));
        assertEquals(Optional.empty(), runtime.status("rate-limit"), "another section");
        registry.removeAll("circuit-breaker");
        assertEquals(Optional.empty(), runtime.status("circuits"), "a plugin whose start failed shows nothing");
    }
}
