package org.ebpflb.plugin.dns;

import java.time.Duration;

/** Writes durations the way the config file does. */
final class Durations {
    private Durations() {
    }

    /**
     * @param d a duration
     * @return e.g. {@code 30s} or {@code 1500ms}
     */
    static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
