package org.ebpflb.runtime.pipeline;

import java.util.List;
import org.ebpflb.api.model.Target;

/**
 * The traces of all of a service's groups, default group first.
 *
 * @param service the service name
 * @param groups one trace per group
 */
public record ServiceTrace(String service, List<GroupTrace> groups) {
    /** Copies the list. */
    public ServiceTrace {
        groups = List.copyOf(groups);
    }

    /** @return every concrete target of every group */
    public List<Target> targets() {
        return groups.stream().flatMap(g -> g.targets().stream()).map(TargetTrace::target).toList();
    }
}
