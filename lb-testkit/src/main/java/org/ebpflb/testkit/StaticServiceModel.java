package org.ebpflb.testkit;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;

/**
 * A fixed model.
 *
 * @param services the services
 * @param targets the expanded targets
 */
public record StaticServiceModel(List<ServiceSpec> services, List<Target> targets) implements ServiceModel {
    /** Copies the lists. */
    public StaticServiceModel {
        services = List.copyOf(services);
        targets = List.copyOf(targets);
    }

    @Override
    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
