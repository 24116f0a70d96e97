package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * One value of {@code health-check.type} that a plugin handles: its extra keys, their validation, and the probe.
 * Common keys (interval, timeout, thresholds, initial-state, slow-start, jitter) are handled by this library.
 */
public interface ProbeType {
    /** @return the type name as written in {@code health-check.type}, e.g. "http" */
    String name();

    /** @return the keys this type adds to the common ones, e.g. {@code path}; empty when none */
    Set<String> keys();

    /**
     * Checks this type's keys. Called on the merged block (target over service over plugin defaults), whose values
     * keep their origins, so problems can point at the line that set them.
     *
     * @param block the merged block
     * @return problems, each made with {@link ConfigProblem#at}
     */
    List<ConfigProblem> validate(Config block);

    /**
     * Parses this type's keys once for a target, after {@link #validate} found no problem.
     *
     * @param block the merged block
     * @return the probe to run for targets with this block
     * @throws IllegalArgumentException when the block cannot be used after all (a CA file removed since validation)
     */
    Probe bind(Config block);
}
