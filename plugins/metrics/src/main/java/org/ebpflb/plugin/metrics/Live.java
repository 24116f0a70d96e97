package org.ebpflb.plugin.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;

/**
 * What exists right now: series of anything else are removed, which bounds the cardinality to the configuration.
 *
 * @param services configured service names
 * @param groups (service, group) of configured target groups
 * @param targets (service, target) of configured targets and of backends the data plane holds
 * @param hostnames (service, hostname) of hostname targets
 */
record Live(Set<String> services, Set<List<String>> groups, Set<List<String>> targets,
            Set<List<String>> hostnames) {
    /**
     * @param model the current services and targets
     * @param traffic the data plane's backends (DNS answers may have changed them since the model was built)
     * @return what is live
     */
    static Live of(ServiceModel model, TrafficSnapshot traffic) {
        Set<String> services = new HashSet<>();
        Set<List<String>> groups = new HashSet<>();
        Set<List<String>> targets = new HashSet<>();
        Set<List<String>> hostnames = new HashSet<>();
        for (ServiceSpec s : model.services()) {
            services.add(s.name());
            groups.add(List.of(s.name(), ServiceSpec.DEFAULT_GROUP));
            s.allTargetSpecs().forEach(t -> t.host().ifPresent(h -> hostnames.add(List.of(s.name(), h))));
        }
        for (Target t : model.targets()) {
            groups.add(List.of(t.service(), t.group()));
            targets.add(List.of(t.service(), t.endpoint().toString()));
        }
        traffic.services().forEach((service, counters) -> counters.targets().keySet()
                .forEach(e -> targets.add(List.of(service, e.toString()))));
        return new Live(services, groups, targets, hostnames);
    }

    boolean hasTarget(String service, String target) {
        return targets.contains(List.of(service, target));
    }
}
