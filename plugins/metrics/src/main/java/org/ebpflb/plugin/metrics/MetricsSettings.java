package org.ebpflb.plugin.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin-wide settings, {@code lb.plugins.metrics}; the defaults are in the plugin's reference.conf.
 *
 * @param listen where the endpoint listens
 * @param tokenFile a file holding the bearer token scrapes must send, if any
 */
record MetricsSettings(InetSocketAddress listen, Optional<Path> tokenFile) {
    private static final String PREFIX = "lb.plugins.metrics.";

    /**
     * @param config {@code lb.plugins.metrics} over the plugin's reference.conf
     * @return the settings, or every problem found with its file and line
     */
    static Result read(Config config) {
        List<ConfigProblem> problems = new ArrayList<>();
        InetSocketAddress listen = null;
        try {
            String text = config.getString("listen");
            listen = address(text);
            if (listen == null) {
                problems.add(ConfigProblem.at(config.getValue("listen").origin(), PREFIX
                        + "listen must be \"ip:port\" with a numeric address and a port 0-65535, got '" + text + "'"));
            }
        } catch (ConfigException e) {
            problems.add(problem(config, "listen", e));
        }
        Optional<Path> tokenFile = Optional.empty();
        try {
            if (config.hasPath("token-file")) {
                tokenFile = Optional.of(Path.of(config.getString("token-file")));
            }
        } catch (ConfigException e) {
            problems.add(problem(config, "token-file", e));
        }
        return problems.isEmpty() ? new Result(Optional.of(new MetricsSettings(listen, tokenFile)), List.of())
                : new Result(Optional.empty(), problems);
    }

    private static ConfigProblem problem(Config config, String key, ConfigException e) {
        if (config.hasPathOrNull(key)) {
            return ConfigProblem.at(config.getValue(key).origin(), PREFIX + key + ": " + e.getMessage()
                    .replaceFirst("^.*?: \\d+: ", ""));
        }
        return new ConfigProblem("lb.plugins.metrics", -1, "setting " + key + " is missing");
    }

    /** @return the address of "ip:port" or "[ipv6]:port", null when it is not that */
    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return null; // a numeric address only: no name lookup at start
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port < 0 || port > 65535 ? null : new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
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
