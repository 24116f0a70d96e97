package org.ebpflb.health;

import java.time.Duration;

/** Formats durations the way the config writes them, for reasons operators read ("timed out after 2s"). */
public final class Durations {
    private Durations() {
    }

    /**
     * @param d a non-negative duration
     * @return e.g. "2s", "1500ms", "90s", "0s"
     */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /**
     * @param latency a measured latency
     * @return whole milliseconds such as {@code 3 ms}, or {@code <1 ms}
     */
    public static String latency(Duration latency) {
        long micros = latency.toNanos() / 1000;
        return micros < 1000 ? "<1 ms" : Math.round(micros / 1000.0) + " ms";
    }
}
