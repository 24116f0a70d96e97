package org.ebpflb.api.model;

import com.typesafe.config.Config;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * A service as configured.
 *
 * @param name unique service name
 * @param listen where it accepts traffic
 * @param hash what the data plane hashes for a new flow
 * @param targets the default target group
 * @param sourceRoutes per-client-prefix groups
 * @param tableSize the Maglev table size (a prime)
 * @param config the whole service object, for plugin-owned keys such as {@code health-check}
 */
@Stable
public record ServiceSpec(String name, ListenSpec listen, HashMode hash, List<TargetSpec> targets,
                          List<SourceRouteSpec> sourceRoutes, int tableSize, Config config) {
    /** The group id of a service's default targets. */
    public static final String DEFAULT_GROUP = "default";

    /** Copies the lists. */
    public ServiceSpec {
        targets = List.copyOf(targets);
        sourceRoutes = List.copyOf(sourceRoutes);
    }
}
