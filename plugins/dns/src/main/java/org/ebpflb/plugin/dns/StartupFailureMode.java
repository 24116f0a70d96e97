package org.ebpflb.plugin.dns;

import java.util.Arrays;
import java.util.Optional;

/** What {@code start} does when a name does not resolve: setting {@code on-startup-failure}. */
enum StartupFailureMode {
    /** refuse to start, naming every name that failed */
    FAIL("fail"),
    /** start without that name's addresses and keep retrying */
    START_EMPTY("start-empty");

    private final String configValue;

    StartupFailureMode(String configValue) {
        this.configValue = configValue;
    }

    /** @return the value as written in the config */
    String configValue() {
        return configValue;
    }

    /**
     * @param text the configured value
     * @return the mode, if the text names one
     */
    static Optional<StartupFailureMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.configValue.equals(text)).findFirst();
    }
}
