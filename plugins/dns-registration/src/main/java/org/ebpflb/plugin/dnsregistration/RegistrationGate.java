package org.ebpflb.plugin.dnsregistration;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;

/**
 * Whether this node may be in the name: only while every service has a target that takes new connections, learnt from
 * the effective weights in the {@link WeightsApplied} events of each service's default group. An effective weight is
 * the product of every factor of the weight pipeline, so a target is out whether a health check, an open circuit or
 * an operator's drain took it out (or its weight is 0): a node whose every target of a service is drained leaves the
 * name like one whose targets all failed, and comes back when one is undrained. A group in panic takes traffic only
 * because health is ignored, so it counts as having none.
 */
final class RegistrationGate {
    private final Map<String, Boolean> available = new ConcurrentHashMap<>();

    /**
     * @param event new tables of one group
     * @return whether this changed what the gate knows
     */
    boolean apply(WeightsApplied event) {
        if (!event.group().equals(ServiceSpec.DEFAULT_GROUP)) {
            return false;
        }
        boolean any = !event.panic() && event.effectiveWeights().values().stream().anyMatch(w -> w > 0);
        Boolean before = available.put(event.service(), any);
        return before == null || before != any;
    }

    /**
     * @param model the current services
     * @return why this node must not be registered now; empty when it may be
     */
    Optional<String> blocker(ServiceModel model) {
        if (model.services().isEmpty()) {
            return Optional.of("no services are configured");
        }
        for (ServiceSpec service : model.services()) {
            Boolean any = available.get(service.name());
            if (any == null) {
                return Optional.of("service " + service.name() + " has no tables in the data plane yet");
            }
            if (!any) {
                return Optional.of("service " + service.name() + " has no target that takes new connections "
                        + "(unhealthy, drained or weight 0)");
            }
        }
        return Optional.empty();
    }
}
