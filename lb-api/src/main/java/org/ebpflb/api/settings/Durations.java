package org.ebpflb.api.settings;

import java.time.Duration;
import org.ebpflb.api.Stable;

/** Writes durations the way a config file does, for messages operators read ("timed out after 2s"). */
@Stable
public final class Durations {
    private Durations() {
    }

    /**
     * @param d a duration
     * @return e.g. {@code 2s}, {@code 1500ms}, {@code 0s}
     */
    public static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
