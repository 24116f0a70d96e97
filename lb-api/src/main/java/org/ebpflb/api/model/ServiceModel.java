package org.ebpflb.api.model;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.Stable;

/** A read-only view of the current configuration and its expanded targets; replaced as a whole on reload. */
@Stable
public interface ServiceModel {
    /** @return every configured service */
    List<ServiceSpec> services();

    /**
     * @param name a service name
     * @return the service, if configured
     */
    Optional<ServiceSpec> service(String name);

    /** @return every concrete target of every group of every service */
    List<Target> targets();
}
