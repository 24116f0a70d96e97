package org.ebpflb.api.event;

import java.time.Instant;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * A new configuration was validated and applied.
 *
 * @param at when
 * @param source the file it came from
 * @param changedServices names of services added, removed or changed
 */
@Stable
public record ConfigReloaded(Instant at, String source, List<String> changedServices) implements LbEvent {
    /** Copies the list. */
    public ConfigReloaded {
        changedServices = List.copyOf(changedServices);
    }
}
