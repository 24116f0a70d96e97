package org.ebpflb.plugin.circuitbreaker;

import java.util.Locale;

/** The breaker's states (the classic three). */
enum CircuitState {
    /** traffic flows; errors are counted */
    CLOSED,
    /** the target is out for {@code open-duration} */
    OPEN,
    /** the target gets {@code half-open-factor} of its weight until it proves itself or fails again */
    HALF_OPEN;

    /** @return the name in events, status and explain: closed, open, half-open */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
