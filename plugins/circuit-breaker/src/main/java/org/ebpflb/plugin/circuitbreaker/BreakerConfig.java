package org.ebpflb.plugin.circuitbreaker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * Reads the plugin's settings ({@code check-interval}, {@code health-probes}, {@code defaults}) and each service's
 * {@code circuit-breaker} block over the defaults.
 *
 * @param checkInterval how often counters are read and circuits move
 * @param healthProbes whether health probe results count as attempts
 * @param defaults every block's fallback
 */
record BreakerConfig(Duration checkInterval, boolean healthProbes, Config defaults) {
    private static final String WHERE = "lb.plugins.circuit-breaker";

    /**
     * @param settings {@code lb.plugins.circuit-breaker} over the reference.conf
     * @param problems where problems go, each at its line
     * @return the settings, empty when a value is invalid
     */
    static Optional<BreakerConfig> read(Config settings, List<ConfigProblem> problems) {
        int before = problems.size();
        Duration interval = null;
        try {
            interval = settings.getDuration("check-interval");
            if (interval.isNegative() || interval.isZero()) {
                problems.add(ConfigProblem.at(settings.getValue("check-interval").origin(),
                        WHERE + ".check-interval must be longer than 0s"));
            }
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(settings, e), WHERE + ".check-interval must be a duration such as 1s"));
        }
        boolean probes = false;
        try {
            probes = settings.getBoolean("health-probes");
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(settings, e), WHERE + ".health-probes must be true or false"));
        }
        Config defaults = null;
        try {
            defaults = settings.getConfig("defaults");
            BreakerSettings.read(defaults, WHERE + ".defaults", problems);
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(settings, e), WHERE + ".defaults must be an object such as "
                    + "{ window = 10s }"));
        }
        return problems.size() == before ? Optional.of(new BreakerConfig(interval, probes, defaults))
                : Optional.empty();
    }

    /**
     * @param service a service
     * @param problems where its block's problems go
     * @return its breaker over the defaults, empty when it has no block or the block is invalid
     */
    Optional<BreakerSettings> breaker(ServiceSpec service, List<ConfigProblem> problems) {
        return block(service, problems).flatMap(b -> BreakerSettings.read(b.withFallback(defaults),
                BreakerSettings.KEY, problems));
    }

    /**
     * @param model the current model
     * @return every service with a valid block and its breaker
     */
    Map<String, BreakerSettings> breakers(ServiceModel model) {
        Map<String, BreakerSettings> out = new LinkedHashMap<>();
        for (ServiceSpec s : model.services()) {
            breaker(s, new java.util.ArrayList<>()).ifPresent(b -> out.put(s.name(), b));
        }
        return out;
    }

    /** @return the service's block, empty when it has none; a block that is no object is a problem */
    static Optional<Config> block(ServiceSpec service, List<ConfigProblem> problems) {
        Config c = service.config();
        if (!c.hasPath(BreakerSettings.KEY)) {
            return Optional.empty();
        }
        try {
            return Optional.of(c.getConfig(BreakerSettings.KEY));
        } catch (ConfigException.WrongType e) {
            problems.add(ConfigProblem.at(c.getValue(BreakerSettings.KEY).origin(), BreakerSettings.KEY
                    + " must be an object such as { error-threshold-pct = 50 }"));
            return Optional.empty();
        }
    }

    private static com.typesafe.config.ConfigOrigin origin(Config c, ConfigException e) {
        return e.origin() != null ? e.origin() : c.origin();
    }
}
