package org.ebpflb.plugin.circuitbreaker;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What {@code lb circuit SERVICE IP:PORT open|close|reset} asks. */
enum Command {
    /** force the circuit open: the target is out until reset */
    OPEN,
    /** force it closed: the target stays in whatever its errors, until reset */
    CLOSE,
    /** end any forcing and start closed with an empty window */
    RESET;

    /** @return the word in the route and the CLI */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text open, close or reset
     * @return the command, empty for anything else
     */
    static Optional<Command> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.label().equals(text)).findFirst();
    }
}
