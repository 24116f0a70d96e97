package org.ebpflb.runtime.pipeline;

import java.util.List;
import org.ebpflb.api.model.Target;

/**
 * One target's row of a group trace.
 *
 * @param target the concrete target with its base weight
 * @param factors each modifier's factor, in pipeline order
 * @param effective base x the product of the factors in force
 * @param sharePercent the effective weight's share of the group, 0..100
 * @param slots Maglev table slots of the target's endpoint
 */
public record TargetTrace(Target target, List<FactorTrace> factors, double effective, double sharePercent, int slots) {
    /** Copies the list. */
    public TargetTrace {
        factors = List.copyOf(factors);
    }
}
