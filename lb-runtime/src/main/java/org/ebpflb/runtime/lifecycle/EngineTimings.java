package org.ebpflb.runtime.lifecycle;

import java.time.Duration;
import org.ebpflb.runtime.pipeline.ModifierRunner;
import org.ebpflb.runtime.reconcile.Reconciler;

/**
 * The engine's time constants.
 *
 * @param modifierTimeout how long one modifier may take for one group
 * @param debounce how long reconcile triggers are collected
 * @param fullReconcile how often a full reconcile runs
 */
public record EngineTimings(Duration modifierTimeout, Duration debounce, Duration fullReconcile) {
    /** 100 ms, 10 ms, 30 s. */
    public static final EngineTimings DEFAULTS = new EngineTimings(ModifierRunner.DEFAULT_TIMEOUT,
            Reconciler.DEFAULT_DEBOUNCE, Reconciler.DEFAULT_FULL_INTERVAL);
}
