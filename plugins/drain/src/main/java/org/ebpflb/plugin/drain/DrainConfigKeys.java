package org.ebpflb.plugin.drain;

import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/** The service key the drain plugin owns: {@code drain-timeout}, a positive duration. */
final class DrainConfigKeys implements ConfigKeys {
    @Override
    public Set<String> serviceKeys() {
        return Set.of(DrainSettings.DRAIN_TIMEOUT);
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of();
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        Settings s = Settings.of(service.config(), "");
        s.optional(DrainSettings.DRAIN_TIMEOUT, Settings::duration);
        return s.problems();
    }
}
