package org.ebpflb.runtime.view;

import java.util.List;

/**
 * One target group's weight trace.
 *
 * @param group the group id
 * @param source the client prefix of a source route, null for the default group
 * @param modifiers the modifiers in pipeline order
 * @param panic whether the panic rule is in force
 * @param availablePercent the share of weight available, 0..100
 * @param panicLine one line explaining the panic state
 * @param problems targets that could not be expanded and similar notes
 * @param tableSize the Maglev table size
 * @param targets one row per target
 */
public record GroupView(String group, String source, List<String> modifiers, boolean panic, double availablePercent,
                        String panicLine, List<String> problems, int tableSize, List<TargetRowView> targets) {
}
