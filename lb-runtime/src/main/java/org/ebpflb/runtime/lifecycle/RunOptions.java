package org.ebpflb.runtime.lifecycle;

/**
 * What {@code lb run} is told on its command line, beyond the configuration file.
 *
 * @param takeOver {@code --take-over}: replace another ebpf-lb instance's programs on the configured interfaces
 */
public record RunOptions(boolean takeOver) {
    /** No flag given. */
    public static final RunOptions DEFAULTS = new RunOptions(false);
}
