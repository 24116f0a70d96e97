package org.ebpflb.api.model;

import java.util.List;
import org.ebpflb.api.Stable;

/**
 * Clients from {@code source} go to their own targets instead of the service's default group.
 *
 * @param source the client prefix; the longest matching prefix wins
 * @param targets the group for those clients
 */
@Stable
public record SourceRouteSpec(Cidr source, List<TargetSpec> targets) {
    /** Copies the target list. */
    public SourceRouteSpec {
        targets = List.copyOf(targets);
    }

    /** @return the group id used in traces and tables, e.g. {@code source:192.168.0.0/16} */
    public String groupId() {
        return "source:" + source;
    }
}
