package org.ebpflb.runtime.view;

import java.util.List;

/**
 * A service with its targets' effective weights, for {@code GET /api/v1/services} and {@code lb status}.
 *
 * @param name the service name
 * @param listen where it listens
 * @param hash five-tuple or source-ip
 * @param groups per group: panic state and target weights
 */
public record ServiceView(String name, String listen, String hash, List<Group> groups) {
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
