package org.ebpflb.runtime.pipeline;

import java.util.List;
import org.ebpflb.api.model.Target;

/**
 * A group's target specs expanded into concrete targets.
 *
 * @param targets the concrete targets with base weights
 * @param problems specs that could not be expanded, and why
 */
public record Expansion(List<Target> targets, List<String> problems) {
    /** Copies the lists. */
    public Expansion {
        targets = List.copyOf(targets);
        problems = List.copyOf(problems);
    }
}
