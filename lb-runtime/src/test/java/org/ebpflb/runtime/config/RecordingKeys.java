package org.ebpflb.runtime.config;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/** Owns keys without a discriminator and records the services it was asked to validate. */
final class RecordingKeys implements ConfigKeys {
    private final Set<String> serviceKeys;
    private final Set<String> targetKeys;
    /** Names of the services validated, in call order. */
    final List<String> validated = new CopyOnWriteArrayList<>();

    RecordingKeys(Set<String> serviceKeys, Set<String> targetKeys) {
        this.serviceKeys = Set.copyOf(serviceKeys);
        this.targetKeys = Set.copyOf(targetKeys);
    }

    @Override
    public Set<String> serviceKeys() {
        return serviceKeys;
    }

    @Override
    public Set<String> targetKeys() {
        return targetKeys;
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        validated.add(service.name());
        return List.of();
    }
}
