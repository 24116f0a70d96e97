package org.ebpflb.plugin.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data plane's limits equal to the configured ones: on each {@link #sync} it sets what is new or changed
 * and clears what is gone, and remembers what each service was given for the status section. Without a rate-limit
 * port (a data plane that forwards nothing) the limits are remembered as configured, not enforced.
 */
final class LimitEnforcer {
    private static final Logger LOG = LoggerFactory.getLogger(LimitEnforcer.class);

    /**
     * What one service is configured with and whether the data plane took it.
     *
     * @param limits the configured limits
     * @param refusal why the data plane refused them, empty when it enforces them
     */
    record Applied(Limits limits, Optional<String> refusal) {
    }

    private final Optional<RateLimits> port;
    private final Map<String, Applied> applied = new LinkedHashMap<>();

    /** @param port the data plane's rate limits, empty when it has none */
    LimitEnforcer(Optional<RateLimits> port) {
        this.port = port;
    }

    /** @param wanted limits by service name; services absent here get none */
    synchronized void sync(Map<String, Limits> wanted) {
        for (String service : applied.keySet().toArray(String[]::new)) {
            if (!wanted.containsKey(service)) {
                port.ifPresent(p -> p.clear(service));
                applied.remove(service);
                LOG.info("rate-limit: {}: no limits any more", service);
            }
        }
        wanted.forEach((service, limits) -> {
            Applied before = applied.get(service);
            if (before != null && before.limits().equals(limits) && before.refusal().isEmpty()) {
                return;
            }
            applied.put(service, new Applied(limits, set(service, limits)));
        });
    }

    /** @return whether the data plane enforces limits at all */
    boolean enforcing() {
        return port.isPresent();
    }

    /** @return the limits of every limited service, in configuration order */
    synchronized Map<String, Applied> applied() {
        return new LinkedHashMap<>(applied);
    }

    /** @param service a service @return new connections its limits dropped, per scope */
    Map<RateLimits.Scope, Long> dropped(String service) {
        return port.map(p -> p.dropped(service)).orElse(Map.of());
    }

    private Optional<String> set(String service, Limits limits) {
        if (port.isEmpty()) {
            return Optional.empty();
        }
        try {
            port.get().set(service, limits);
            LOG.info("rate-limit: {}: {}", service, Describe.limits(limits));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.error("rate-limit: {}: the data plane refused the limits, the previous ones stay: {}", service,
                    e.getMessage());
            return Optional.of(e.getMessage());
        }
    }
}
