package org.ebpflb.api.event;

import java.time.Instant;
import java.util.List;
import org.ebpflb.api.Experimental;

/**
 * An operator changed the running configuration without editing its file ({@code lb target ...}, {@code lb service
 * ...}, {@code lb runtime clear}, or their admin routes): applied and kept in the runtime overlay, or refused with
 * nothing changed.
 *
 * @param at when
 * @param change what was asked, e.g. {@code target add web 198.18.1.4:8080}
 * @param applied whether it was applied
 * @param changedServices names of services added, removed or changed (empty when refused)
 * @param problems why it was refused, each as {@code FILE:LINE: message} (empty when applied)
 */
@Experimental
public record RuntimeChanged(Instant at, String change, boolean applied, List<String> changedServices,
                             List<String> problems) implements LbEvent {
    /** Copies the lists. */
    public RuntimeChanged {
        changedServices = List.copyOf(changedServices);
        problems = List.copyOf(problems);
    }
}
