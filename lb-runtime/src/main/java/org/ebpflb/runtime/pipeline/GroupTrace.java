package org.ebpflb.runtime.pipeline;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;

/**
 * How one target group's weights came about: what {@code lb explain} prints.
 *
 * @param service the service name
 * @param group the group id
 * @param source the client prefix of a source route, empty for the default group
 * @param modifiers the modifiers' names, in pipeline order
 * @param targets one row per concrete target
 * @param panic the panic state
 * @param problems targets that could not be expanded, duplicates and similar notes
 * @param tableSize the Maglev table size
 */
public record GroupTrace(String service, String group, Optional<Cidr> source, List<String> modifiers,
                         List<TargetTrace> targets, PanicState panic, List<String> problems, int tableSize) {
    /** Copies the lists. */
    public GroupTrace {
        modifiers = List.copyOf(modifiers);
        targets = List.copyOf(targets);
        problems = List.copyOf(problems);
    }
}
