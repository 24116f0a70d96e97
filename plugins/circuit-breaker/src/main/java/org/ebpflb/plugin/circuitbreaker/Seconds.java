package org.ebpflb.plugin.circuitbreaker;

import java.time.Duration;

/** Durations in whole seconds, rounded up, as the breaker's reasons show them. */
final class Seconds {
    private Seconds() {
    }

    /**
     * @param d a duration
     * @return e.g. {@code 30s}; a part of a second counts as a whole one
     */
    static String format(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return s + "s";
    }
}
