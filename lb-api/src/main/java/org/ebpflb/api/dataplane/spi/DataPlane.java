package org.ebpflb.api.dataplane.spi;

import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.RateLimits;

/**
 * What the runtime's reconciler writes to: the kernel data plane (lb-bpf) or a recording stand-in. Plugins never
 * see this port (its package is exported to lb-runtime and lb-bpf only); they read {@link DataPlaneStats} and drive
 * the narrower ports.
 */
@Experimental
public interface DataPlane extends AutoCloseable {
    /** @return what this is, shown by {@code lb status}, e.g. "kernel (xdp native on eth0)" */
    String description();

    /**
     * Installs or replaces a service. Replacing is atomic for packets: new tables are written aside and the
     * service's table index flips in one map update.
     *
     * @param tables the service and all its groups' tables
     */
    void apply(ServiceTables tables);

    /** @param service a service name no longer configured */
    void remove(String service);

    /** @return names of services currently installed, including those an earlier run left in place */
    Set<String> installed();

    /**
     * The data plane is the one record of what it holds: the reconciler compares with this, keeping no copy.
     *
     * @param service a service name
     * @return the tables of the last apply of that service that completed; empty when it is not installed, was left
     *         by an earlier run and not applied since, or its last apply failed
     */
    Optional<ServiceTables> tables(String service);

    /** @return the counters */
    DataPlaneStats stats();

    /** @return the rate-limit port, when this data plane enforces limits; the runtime lends it to plugins */
    default Optional<RateLimits> rateLimits() {
        return Optional.empty();
    }

    /** @return the connection-event port, when this data plane emits connection events */
    default Optional<ConnectionEvents> connectionEvents() {
        return Optional.empty();
    }

    /** @return the live connections, when this data plane keeps a connection table */
    default Optional<ConnectionTable> connectionTable() {
        return Optional.empty();
    }

    /** Releases handles; pinned kernel state stays unless the operator detaches it. */
    @Override
    void close();
}
