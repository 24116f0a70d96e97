package org.ebpflb.plugin.circuitbreaker;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/** The service key the plugin owns: a {@code circuit-breaker} block, validated over the reference defaults. */
final class BreakerConfigKeys implements ConfigKeys {
    private final Config defaults;

    /** @param defaults the reference.conf's {@code defaults} */
    BreakerConfigKeys(Config defaults) {
        this.defaults = defaults;
    }

    @Override
    public Set<String> serviceKeys() {
        return Set.of(BreakerSettings.KEY);
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of();
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        return BreakerConfig.block(service, defaults).map(block -> {
            if (block.ok()) {
                BreakerSettings.read(block);
            }
            return block.problems();
        }).orElse(List.of());
    }
}
