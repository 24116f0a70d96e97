package org.ebpflb.runtime.pipeline;

import java.util.Comparator;
import java.util.Optional;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.registry.Registered;

/**
 * A registered modifier with its name and order read once, so a modifier whose accessors throw is left out of the
 * round instead of breaking the sort.
 *
 * @param registered the modifier and its plugin
 * @param name its name
 * @param order its position
 */
record PipelineModifier(Registered<WeightModifier> registered, String name, int order) {
    /** Ascending order, then name, then plugin id: declared constants, never discovery order. */
    static final Comparator<PipelineModifier> PIPELINE_ORDER = Comparator.comparingInt(PipelineModifier::order)
            .thenComparing(PipelineModifier::name).thenComparing(m -> m.registered().pluginId());

    /**
     * @param registered a registered modifier
     * @return it with name and order, or empty when either accessor throws
     */
    static Optional<PipelineModifier> of(Registered<WeightModifier> registered) {
        try {
            return Optional.of(new PipelineModifier(registered, registered.item().name(), registered.item().order()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
