package org.ebpflb.api.event;

import java.time.Instant;
import java.util.Map;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * The data plane received new tables for one target group.
 *
 * @param at when
 * @param service service name
 * @param group group id
 * @param effectiveWeights effective weight per backend
 * @param panic whether the panic rule was in force
 */
@Stable
public record WeightsApplied(Instant at, String service, String group, Map<Endpoint, Double> effectiveWeights,
                             boolean panic) implements LbEvent {
    /** Copies the map. */
    public WeightsApplied {
        effectiveWeights = Map.copyOf(effectiveWeights);
    }
}
