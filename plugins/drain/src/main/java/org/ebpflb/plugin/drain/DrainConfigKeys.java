package org.ebpflb.plugin.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
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
        List<ConfigProblem> problems = new ArrayList<>();
        if (service.config().hasPath(DrainSettings.DRAIN_TIMEOUT)) {
            DrainSettings.positive(service.config(), DrainSettings.DRAIN_TIMEOUT, problems);
        }
        return problems;
    }
}
