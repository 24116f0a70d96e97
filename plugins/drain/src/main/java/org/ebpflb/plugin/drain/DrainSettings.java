package org.ebpflb.plugin.drain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin-wide settings, {@code lb.plugins.drain}; defaults and meaning in the plugin's reference.conf.
 *
 * @param checkInterval how often draining targets' active connections are read
 * @param defaultTimeout the timeout of a drain whose request and service name none
 * @param onTimeout what a drain does at its timeout unless the request says
 */
record DrainSettings(Duration checkInterval, Duration defaultTimeout, OnTimeout onTimeout) {
    /** The service key that sets a service's drain timeout. */
    static final String DRAIN_TIMEOUT = "drain-timeout";

    /**
     * @param settings {@code lb.plugins.drain} over the reference.conf
     * @param problems where problems go, each at its line
     * @return the settings, empty when a value is invalid
     */
    static Optional<DrainSettings> read(Config settings, List<ConfigProblem> problems) {
        List<ConfigProblem> found = new ArrayList<>();
        Duration interval = positive(settings, "check-interval", found);
        Duration timeout = positive(settings, "default-timeout", found);
        OnTimeout onTimeout = OnTimeout.KEEP;
        try {
            String text = settings.getString("on-timeout");
            Optional<OnTimeout> parsed = OnTimeout.parse(text);
            if (parsed.isEmpty()) {
                found.add(ConfigProblem.at(settings.getValue("on-timeout").origin(),
                        "lb.plugins.drain.on-timeout must be keep or reset, got '" + text + "'"));
            }
            onTimeout = parsed.orElse(OnTimeout.KEEP);
        } catch (ConfigException e) {
            found.add(ConfigProblem.at(origin(settings, "on-timeout", e), "lb.plugins.drain.on-timeout must be keep "
                    + "or reset"));
        }
        problems.addAll(found);
        return found.isEmpty() ? Optional.of(new DrainSettings(interval, timeout, onTimeout)) : Optional.empty();
    }

    /**
     * @param config an object holding a duration at {@code key}
     * @param key the key
     * @param problems where a problem goes, at the value's line
     * @return the duration, or null when it is missing, malformed or not positive
     */
    static Duration positive(Config config, String key, List<ConfigProblem> problems) {
        try {
            Duration d = config.getDuration(key);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
            problems.add(ConfigProblem.at(config.getValue(key).origin(), key + " must be longer than 0s"));
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(config, key, e), key + " must be a duration such as 30s"));
        }
        return null;
    }

    private static com.typesafe.config.ConfigOrigin origin(Config config, String key, ConfigException e) {
        return e.origin() != null ? e.origin() : config.origin();
    }
}
