package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Target;

/**
 * Contributes a factor per target to the weight pipeline. Modifiers run in ascending {@link #order()}; ties break by
 * {@link #name()}. Must be fast and non-blocking: it runs on the reconcile thread and is timed out.
 */
@Stable
public interface WeightModifier {
    /** Order of health checks. */
    int ORDER_HEALTH = 100;
    /** Order of the circuit breaker. */
    int ORDER_CIRCUIT_BREAKER = 200;
    /** Order of draining. */
    int ORDER_DRAIN = 300;
    /** Order of maintenance windows and other administrative overrides. */
    int ORDER_MAINTENANCE = 400;
    /** Order of load shaping such as least connections. */
    int ORDER_LOAD = 500;

    /** @return the name shown in the trace, usually the plugin id */
    String name();

    /** @return position in the pipeline; use the {@code ORDER_*} constants or a value between them */
    int order();

    /**
     * @param target a concrete target
     * @return this modifier's factor for it
     */
    WeightFactor factor(Target target);
}
