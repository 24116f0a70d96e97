package org.ebpflb.plugin.dns;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ebpflb.api.spi.ConfigProblem;
import org.xbill.DNS.ResolverConfig;

/**
 * The plugin-wide settings, {@code lb.plugins.dns}; every default is documented in the plugin's reference.conf.
 *
 * @param servers queried in order; from the system resolver configuration when none are configured
 * @param defaultRefresh refresh interval of a target without {@code dns-refresh}
 * @param respectTtl whether targets without {@code respect-ttl} follow the answer's TTL
 * @param minRefresh lower clamp of a TTL-driven refresh
 * @param maxRefresh upper clamp of a TTL-driven refresh
 * @param jitter each refresh moves by a random fraction in [-jitter, +jitter] of its interval
 * @param timeout how long one query waits for one server
 * @param attempts queries per server before a timeout moves on to the next server
 * @param onStartupFailure what start does when a name does not resolve
 */
record DnsSettings(List<InetSocketAddress> servers, Duration defaultRefresh, boolean respectTtl, Duration minRefresh,
                   Duration maxRefresh, double jitter, Duration timeout, int attempts,
                   StartupFailureMode onStartupFailure) {
    /** The shortest refresh interval a target may ask for. */
    static final Duration MIN_TARGET_REFRESH = Duration.ofSeconds(1);
    private static final double MAX_JITTER = 0.5;

    /** Copies the list. */
    DnsSettings {
        servers = List.copyOf(servers);
    }

    /**
     * Reads and checks the settings.
     *
     * @param config {@code lb.plugins.dns} over the plugin's reference.conf
     * @return the settings, or every problem found with its file and line
     */
    static Result read(Config config) {
        Reader r = new Reader(config);
        List<InetSocketAddress> servers = r.servers();
        Duration defaultRefresh = r.duration("default-refresh", MIN_TARGET_REFRESH);
        boolean respectTtl = r.get("respect-ttl", config::getBoolean).orElse(false);
        Duration minRefresh = r.duration("min-refresh", Duration.ofMillis(1));
        Duration maxRefresh = r.duration("max-refresh", Duration.ofMillis(1));
        if (minRefresh != null && maxRefresh != null && maxRefresh.compareTo(minRefresh) < 0) {
            r.problem("max-refresh", "max-refresh (" + Durations.format(maxRefresh) + ") is below min-refresh ("
                    + Durations.format(minRefresh) + ")");
        }
        double jitter = r.get("jitter", config::getDouble).orElse(0.0);
        if (jitter < 0 || jitter > MAX_JITTER) {
            r.problem("jitter", "jitter must be a fraction between 0 and " + MAX_JITTER + ", got " + jitter);
        }
        Duration timeout = r.duration("timeout", Duration.ofMillis(1));
        int attempts = r.get("attempts", config::getInt).orElse(1);
        if (attempts < 1) {
            r.problem("attempts", "attempts must be at least 1, got " + attempts);
        }
        StartupFailureMode mode = r.get("on-startup-failure", config::getString).flatMap(text -> {
            Optional<StartupFailureMode> m = StartupFailureMode.parse(text);
            if (m.isEmpty()) {
                r.problem("on-startup-failure", "on-startup-failure must be fail or start-empty, got '" + text + "'");
            }
            return m;
        }).orElse(StartupFailureMode.FAIL);
        if (!r.problems.isEmpty()) {
            return new Result(Optional.empty(), r.problems);
        }
        return new Result(Optional.of(new DnsSettings(servers, defaultRefresh, respectTtl, minRefresh, maxRefresh,
                jitter, timeout, attempts, mode)), List.of());
    }

    /**
     * @param settings the settings, when there were no problems
     * @param problems what is wrong, each with file and line
     */
    record Result(Optional<DnsSettings> settings, List<ConfigProblem> problems) {
        /** Copies the list. */
        Result {
            problems = List.copyOf(problems);
        }
    }

    /** Collects problems while reading, so one pass reports all of them. */
    private static final class Reader {
        private final Config config;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Reader(Config config) {
            this.config = config;
        }

        <T> Optional<T> get(String key, Function<String, T> getter) {
            try {
                return Optional.of(getter.apply(key));
            } catch (ConfigException.Missing e) {
                problems.add(new ConfigProblem("lb.plugins.dns", -1, "setting " + key + " is missing"));
            } catch (ConfigException e) {
                problems.add(ConfigProblem.at(config.getValue(key).origin(),
                        "lb.plugins.dns." + key + ": " + ConfigMessages.withoutOrigin(e)));
            }
            return Optional.empty();
        }

        Duration duration(String key, Duration atLeast) {
            Duration d = get(key, config::getDuration).orElse(null);
            if (d != null && d.compareTo(atLeast) < 0) {
                problem(key, key + " must be at least " + Durations.format(atLeast) + ", got " + Durations.format(d));
                return null;
            }
            return d;
        }

        void problem(String key, String message) {
            problems.add(ConfigProblem.at(config.getValue(key).origin(), "lb.plugins.dns." + message));
        }

        List<InetSocketAddress> servers() {
            List<InetSocketAddress> out = new ArrayList<>();
            List<? extends ConfigValue> values = get("servers", config::getList).orElse(null);
            if (values == null) {
                return out;
            }
            for (ConfigValue value : values) {
                if (!(value.unwrapped() instanceof String text)) {
                    problems.add(ConfigProblem.at(value.origin(),
                            "lb.plugins.dns.servers: each server is a string \"ip\" or \"ip:port\""));
                    continue;
                }
                try {
                    InetSocketAddress server = ServerAddress.parse(text);
                    ServerAddress.unreachable(server)
                            .ifPresent(reason -> problems.add(ConfigProblem.at(value.origin(), reason)));
                    out.add(server);
                } catch (IllegalArgumentException e) {
                    problems.add(ConfigProblem.at(value.origin(), e.getMessage()));
                }
            }
            if (values.isEmpty()) {
                out.addAll(ResolverConfig.getCurrentConfig().servers());
                if (out.isEmpty()) {
                    problems.add(ConfigProblem.at(config.getValue("servers").origin(), "lb.plugins.dns.servers is "
                            + "empty and the system resolver configuration (/etc/resolv.conf) lists no nameserver"));
                }
            }
            return out;
        }
    }
}
