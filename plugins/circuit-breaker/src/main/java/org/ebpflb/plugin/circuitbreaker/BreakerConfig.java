package org.ebpflb.plugin.circuitbreaker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;

/**
 * The plugin's settings ({@code check-interval}, {@code health-probes}, {@code defaults}), and each service's
 * {@code circuit-breaker} block over the defaults.
 *
 * @param checkInterval how often counters are read and circuits move
 * @param healthProbes whether health probe results count as attempts
 * @param defaults every block's fallback
 */
record BreakerConfig(Duration checkInterval, boolean healthProbes, Config defaults) {
    /**
     * @param settings {@code lb.plugins.circuit-breaker} over the reference.conf
     * @return the reader with every problem found, and the settings when there were none
     */
    static Read read(Config settings) {
        Settings s = Settings.of(settings, "lb.plugins.circuit-breaker");
        Duration interval = s.duration("check-interval");
        boolean probes = s.bool("health-probes");
        Settings defaults = s.object("defaults");
        BreakerSettings.read(defaults);
        return new Read(s, s.ok() ? Optional.of(new BreakerConfig(interval, probes,
                settings.getConfig("defaults"))) : Optional.empty());
    }

    /**
     * @param reader what was read, with its problems
     * @param config the settings, when there were no problems
     */
    record Read(Settings reader, Optional<BreakerConfig> config) {
    }

    /**
     * @param service a service
     * @param defaults the defaults its block falls back on
     * @return a reader of its block over the defaults (problems recorded on it), empty when it has no block
     */
    static Optional<Settings> block(ServiceSpec service, Config defaults) {
        Config c = service.config();
        if (!c.hasPath(BreakerSettings.KEY)) {
            return Optional.empty();
        }
        if (c.getValue(BreakerSettings.KEY).valueType() != ConfigValueType.OBJECT) {
            Settings wrong = Settings.of(c, "");
            wrong.object(BreakerSettings.KEY); // reports what it found instead of an object
            return Optional.of(wrong);
        }
        return Optional.of(Settings.of(c.getConfig(BreakerSettings.KEY).withFallback(defaults), BreakerSettings.KEY));
    }

    /**
     * @param service a service
     * @return its breaker, empty when it has no block or the block is invalid
     */
    Optional<BreakerSettings> breaker(ServiceSpec service) {
        return block(service, defaults).filter(Settings::ok).flatMap(BreakerSettings::read);
    }

    /**
     * @param model the current model
     * @return every service with a valid block and its breaker
     */
    Map<String, BreakerSettings> breakers(ServiceModel model) {
        Map<String, BreakerSettings> out = new LinkedHashMap<>();
        for (ServiceSpec s : model.services()) {
            breaker(s).ifPresent(b -> out.put(s.name(), b));
        }
        return out;
    }
}
