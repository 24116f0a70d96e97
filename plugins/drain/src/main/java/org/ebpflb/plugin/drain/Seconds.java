package org.ebpflb.plugin.drain;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators read them in drain output. */
final class Seconds {
    private Seconds() {
    }

    /**
     * @param d a duration
     * @return e.g. {@code 30s} or {@code 2.4s}
     */
    static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
