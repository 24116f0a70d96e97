package org.ebpflb.plugin.metrics;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin-wide settings, {@code lb.plugins.metrics}; the defaults are in the plugin's reference.conf.
 *
 * @param listen where the endpoint listens
 * @param tokenFile a file holding the bearer token scrapes must send, if any
 */
record MetricsSettings(InetSocketAddress listen, Optional<Path> tokenFile) {
    /**
     * @param config {@code lb.plugins.metrics} over the plugin's reference.conf
     * @return the settings, or every problem found with its file and line
     */
    static Result read(Config config) {
        Settings s = Settings.of(config, "lb.plugins.metrics");
        InetSocketAddress listen = s.hostPort("listen", 0);
        if (listen != null && listen.isUnresolved()) {
            s.problem("listen", s.name("listen") + " must be a numeric address (ip:port, IPv6 as [addr]:port), got '"
                    + listen.getHostString() + ":" + listen.getPort() + "'");
        }
        Optional<Path> tokenFile = s.optional("token-file", Settings::string).map(Path::of);
        return s.ok() ? new Result(Optional.of(new MetricsSettings(listen, tokenFile)), List.of())
                : new Result(Optional.empty(), s.problems());
    }

    /**
     * @param settings the settings, when there were no problems
     * @param problems what is wrong, each with file and line
     */
    record Result(Optional<MetricsSettings> settings, List<ConfigProblem> problems) {
        /** Copies the list. */
        Result {
            problems = List.copyOf(problems);
        }
    }
}
