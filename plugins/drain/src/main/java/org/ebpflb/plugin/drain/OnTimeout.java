package org.ebpflb.plugin.drain;

import java.util.Locale;

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
}
