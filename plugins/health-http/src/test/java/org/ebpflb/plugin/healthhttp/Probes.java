package org.ebpflb.plugin.healthhttp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.ebpflb.plugin.healthcommon.HealthCheckSettings;
import org.ebpflb.plugin.healthcommon.InitialState;

/** Binds probes the way the checker does: a block over the plugin's reference.conf defaults. */
final class Probes {
    private Probes() {
    }

    static Config block(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources(HttpHealthPlugin.class,
                "/reference.conf").getConfig("lb.plugins.health-http.defaults"));
    }

    static HttpProbe http(String hocon) {
        return (HttpProbe) new HttpProbeType(false).bind(block(hocon));
    }

    static HttpProbe https(String hocon) {
        return (HttpProbe) new HttpProbeType(true).bind(block(hocon));
    }

    static HealthCheckSettings timeout(Duration timeout) {
        return new HealthCheckSettings("http", Duration.ofSeconds(30), timeout, 2, 3, InitialState.HEALTHY,
                Duration.ZERO, 0, ConfigFactory.empty());
    }
}
