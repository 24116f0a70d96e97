package org.ebpflb.plugin.drain;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import org.ebpflb.api.settings.Settings;

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
     * @param config {@code lb.plugins.drain} over the reference.conf
     * @return the reader with every problem found, and the settings when there were none
     */
    static Read read(Config config) {
        Settings s = Settings.of(config, "lb.plugins.drain");
        Duration interval = s.duration("check-interval");
        Duration timeout = s.duration("default-timeout");
        OnTimeout onTimeout = s.enumValue("on-timeout", OnTimeout.class);
        return new Read(s, s.ok() ? Optional.of(new DrainSettings(interval, timeout, onTimeout)) : Optional.empty());
    }

    /**
     * @param reader what was read, with its problems
     * @param settings the settings, when there were no problems
     */
    record Read(Settings reader, Optional<DrainSettings> settings) {
    }
}
