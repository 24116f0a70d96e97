package org.ebpflb.runtime.config;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The outcome of loading a configuration file.
 *
 * @param config the configuration, present exactly when there are no problems
 * @param problems every problem found, each printable as {@code FILE:LINE: message}
 */
public record ConfigResult(Optional<LbConfig> config, List<ConfigProblem> problems) {
    /** Copies the list. */
    public ConfigResult {
        problems = List.copyOf(problems);
    }
}
