package org.ebpflb.runtime.model;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;

/**
 * An immutable {@link ServiceModel}: the configured services and their targets as last expanded.
 *
 * @param services every configured service, in file order
 * @param targets every concrete target of every group
 */
public record ModelSnapshot(List<ServiceSpec> services, List<Target> targets) implements ServiceModel {
    /** Copies the lists. */
    public ModelSnapshot {
        services = List.copyOf(services);
        targets = List.copyOf(targets);
    }

    @Override
    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
