package org.ebpflb.api.model;

import com.typesafe.config.Config;
import java.util.ArrayList;
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
 * @param sniRoutes per-server-name groups; a service with any is served in user space by the sni plugin, not by the
 *     kernel data plane
 * @param tableSize the Maglev table size (a prime)
 * @param config the whole service object, for plugin-owned keys such as {@code health-check}
 */
@Stable
public record ServiceSpec(String name, ListenSpec listen, HashMode hash, List<TargetSpec> targets,
                          List<SourceRouteSpec> sourceRoutes, List<SniRouteSpec> sniRoutes, int tableSize,
                          Config config) {
    /** The group id of a service's default targets. */
    public static final String DEFAULT_GROUP = "default";

    /** Copies the lists. */
    public ServiceSpec {
        targets = List.copyOf(targets);
        sourceRoutes = List.copyOf(sourceRoutes);
        sniRoutes = List.copyOf(sniRoutes);
    }

    /**
     * A service without SNI routes, as before they existed.
     *
     * @param name unique service name
     * @param listen where it accepts traffic
     * @param hash what the data plane hashes for a new flow
     * @param targets the default target group
     * @param sourceRoutes per-client-prefix groups
     * @param tableSize the Maglev table size (a prime)
     * @param config the whole service object
     */
    public ServiceSpec(String name, ListenSpec listen, HashMode hash, List<TargetSpec> targets,
                       List<SourceRouteSpec> sourceRoutes, int tableSize, Config config) {
        this(name, listen, hash, targets, sourceRoutes, List.of(), tableSize, config);
    }

    /** @return whether user space accepts this service's connections (it has SNI routes) instead of the kernel */
    public boolean userSpace() {
        return !sniRoutes.isEmpty();
    }

    /**
     * The address family of the service's packets, which its targets and source routes share (the configuration
     * refuses a service that mixes them): its {@code listen.address}'s; when it listens on any address, its first
     * literal target's; IPv4 when it has hostname targets only.
     *
     * @return IPv4 or IPv6
     */
    public AddressFamily family() {
        return listen.address().or(() -> allTargetSpecs().stream().flatMap(t -> t.ip().stream()).findFirst())
                .map(AddressFamily::of).orElse(AddressFamily.IPV4);
    }

    /** @return the target specs of every group: the default targets, then source routes', then SNI routes' */
    public List<TargetSpec> allTargetSpecs() {
        List<TargetSpec> all = new ArrayList<>(targets);
        sourceRoutes.forEach(r -> all.addAll(r.targets()));
        sniRoutes.forEach(r -> all.addAll(r.targets()));
        return List.copyOf(all);
    }
}
