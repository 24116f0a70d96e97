package org.ebpflb.plugin.drain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens to a drain's remaining connections when its timeout passes. */
enum OnTimeout {
    /** the target stays out and its connections continue */
    KEEP,
    /** the data plane forgets the remaining flows */
    RESET;

    /** @return the value as written in the config and the admin API */
    String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text keep or reset
     * @return the value, empty when the text is neither
     */
    static Optional<OnTimeout> parse(String text) {
        return Arrays.stream(values()).filter(v -> v.configValue().equals(text)).findFirst();
    }
}
