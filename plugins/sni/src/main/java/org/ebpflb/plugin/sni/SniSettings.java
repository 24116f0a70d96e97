package org.ebpflb.plugin.sni;

import com.typesafe.config.Config;
import java.time.Duration;
import org.ebpflb.api.settings.Settings;

/**
 * The plugin-wide settings, {@code lb.plugins.sni}.
 *
 * @param clientHelloTimeout how long a client may take to send its whole ClientHello
 * @param connectTimeout how long connecting to a backend may take
 * @param idleTimeout how long a relayed connection may go without a byte either way
 */
record SniSettings(Duration clientHelloTimeout, Duration connectTimeout, Duration idleTimeout) {
    private static final Duration MAX = Duration.ofDays(1);

    /**
     * @param s a reader over {@code lb.plugins.sni}; problems go there
     * @return the settings, meaningful only when {@code s.ok()}
     */
    static SniSettings read(Settings s) {
        Duration min = Duration.ofMillis(1);
        return new SniSettings(s.duration("client-hello-timeout", min, Duration.ofMinutes(5)),
                s.duration("connect-timeout", min, Duration.ofMinutes(5)), s.duration("idle-timeout", min, MAX));
    }

    /**
     * @param config {@code lb.plugins.sni} over the defaults
     * @return a reader naming keys {@code lb.plugins.sni.KEY}
     */
    static Settings reader(Config config) {
        return Settings.of(config, "lb.plugins." + SniPlugin.ID);
    }
}
