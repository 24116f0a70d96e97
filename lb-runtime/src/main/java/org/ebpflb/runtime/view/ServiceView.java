package org.ebpflb.runtime.view;

import java.util.List;
import java.util.Map;

/**
 * A service with its targets' effective weights, for {@code GET /api/v1/services} and {@code lb status}.
 *
 * @param name the service name
 * @param listen where it listens
 * @param hash five-tuple or source-ip
 * @param groups per group: panic state and target weights
 * @param pending why the data plane does not hold these weights (its latest write failed and it keeps what it had);
 *     null when it does
 * @param traffic what the data plane counted for the service and each of its targets
 */
public record ServiceView(String name, String listen, String hash, List<Group> groups, String pending,
                          Traffic traffic) {
    /**
     * The data plane's counters of a service. A target in several groups (a source route's and the default) has one
     * set of counters.
     *
     * @param service the whole service
     * @param targets per target, by {@code ip:port}
     */
    public record Traffic(TrafficView service, Map<String, TrafficView> targets) {
    }

    /**
     * One group.
     *
     * @param group the group id
     * @param source the client prefix, null for the default group
     * @param panic whether the panic rule is in force
     * @param targets target weights
     * @param problems notes such as unexpanded targets
     */
    public record Group(String group, String source, boolean panic, List<TargetWeight> targets,
                        List<String> problems) {
    }

    /**
     * One target's weights.
     *
     * @param target {@code ip:port}
     * @param base the base weight
     * @param effective the effective weight
     * @param sharePercent its share, 0..100
     * @param slots its table slots
     */
    public record TargetWeight(String target, double base, double effective, double sharePercent, int slots) {
    }
}
