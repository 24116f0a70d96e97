package org.ebpflb.api.event;

import java.time.Instant;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * A new configuration was invalid; the running one stays.
 *
 * @param at when
 * @param source the file it came from
 * @param problems each as {@code FILE:LINE: message}
 */
@Stable
public record ConfigRejected(Instant at, String source, List<String> problems) implements LbEvent {
    /** Copies the list. */
    public ConfigRejected {
        problems = List.copyOf(problems);
    }
}
