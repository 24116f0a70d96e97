package org.ebpflb.plugin.dns;

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
}
