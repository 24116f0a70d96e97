package org.ebpflb.runtime.config;

import java.util.Set;

/**
 * The keys the runtime itself reads, object by object; everything else must be owned by a plugin. Defaults of the
 * top-level sections live in lb-runtime's reference.conf; those of services and targets are here, because a HOCON
 * list element has no fallback (reference.conf documents them).
 */
final class RuntimeKeys {
    private RuntimeKeys() {
    }

    /** Keys of the file's root. */
    static final Set<String> FILE = Set.of("lb");
    /** Keys of {@code lb}. */
    static final Set<String> LB = Set.of("instance", "plugin-dir", "allow-writable-plugin-dir", "admin", "dataplane",
            "reload", "plugins", "services");
    /** Keys of {@code lb.admin}. */
    static final Set<String> ADMIN = Set.of("listen", "token-file");
    /** Keys of {@code lb.reload}. */
    static final Set<String> RELOAD = Set.of("watch", "allow-remove-all");
    /** Keys of {@code lb.dataplane}. */
    static final Set<String> DATAPLANE = Set.of("xdp-mode", "max-connections", "max-half-open", "half-open-timeout",
            "tcp-idle-timeout", "udp-idle-timeout", "table-size", "panic-threshold", "pin-root", "kind", "max-services",
            "max-target-groups", "max-targets", "max-source-routes", "max-table-slots", "rate-limit-buckets");
    /** Keys of {@code lb.plugins.<id>} that the runtime reads for every plugin. */
    static final Set<String> PLUGIN_SETTINGS = Set.of("enabled", "required");
    /** Keys of a service read by the runtime. */
    static final Set<String> SERVICE = Set.of("name", "listen", "hash", "targets", "source-routes", "table-size",
            EventEmission.KEY);
    /** Keys of a service's {@code listen}. */
    static final Set<String> LISTEN = Set.of("interfaces", "address", "port", "protocol");
    /**
     * Keys of a target read by the runtime. {@code host} is read too, but only accepted when a plugin (dns) owns it,
     * since only a target source can turn it into addresses.
     */
    static final Set<String> TARGET = Set.of("ip", "port", "weight");
    /** Keys of a source route. */
    static final Set<String> SOURCE_ROUTE = Set.of("source", "targets");

    /** A service's {@code hash} when absent. */
    static final String DEFAULT_HASH = "five-tuple";
    /** A service's {@code listen.protocol} when absent. */
    static final String DEFAULT_PROTOCOL = "tcp";
    /** A target's {@code weight} when absent. */
    static final int DEFAULT_WEIGHT = 1;
}
