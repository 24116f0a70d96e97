package org.ebpflb.plugin.drain;

import java.util.Locale;

/** Where a drain stands. Every state keeps the target out of new connections until it is undrained. */
enum DrainState {
    /** waiting for established connections to finish */
    DRAINING,
    /** no connection was left */
    COMPLETED,
    /** the timeout passed with connections left */
    TIMEOUT;

    /** @return the name shown by the admin API and {@code lb drains} */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
