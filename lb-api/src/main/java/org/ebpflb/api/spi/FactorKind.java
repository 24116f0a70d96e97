package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;

/** What a weight factor expresses; decides how the panic rule treats it. */
@Stable
public enum FactorKind {
    /** whether the target can serve (health, circuit breaker); ignored for a group in panic */
    AVAILABILITY,
    /** an operator's decision (drain, maintenance); a zero always holds */
    ADMINISTRATIVE,
    /** load shaping (least connections); always applied */
    LOAD
}
