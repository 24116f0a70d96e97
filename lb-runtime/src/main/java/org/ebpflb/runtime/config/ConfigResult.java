package org.ebpflb.runtime.config;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The outcome of loading a configuration file: a validated configuration, or every problem found in it.
 *
 * @param config the configuration; present if and only if {@code problems} is empty
 * @param problems each problem, printed as {@code FILE:LINE: message}, in file order
 */
public record ConfigResult(Optional<LbConfig> config, List<ConfigProblem> problems) {
    /** Copies the list and enforces that a configuration comes only without problems. */
    public ConfigResult {
        problems = List.copyOf(problems);
        if (config.isPresent() == !problems.isEmpty()) {
            throw new IllegalArgumentException("a config result holds either a config or problems");
        }
    }

    /**
     * A valid outcome.
     *
     * @param config a valid configuration
     * @return a result without problems
     */
    public static ConfigResult valid(LbConfig config) {
        return new ConfigResult(Optional.of(config), List.of());
    }

    /**
     * An invalid outcome.
     *
     * @param problems at least one problem
     * @return a result without a configuration
     */
    public static ConfigResult invalid(List<ConfigProblem> problems) {
        return new ConfigResult(Optional.empty(), problems);
    }
}
