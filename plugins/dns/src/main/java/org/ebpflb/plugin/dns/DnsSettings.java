package org.ebpflb.plugin.dns;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.settings.Settings;
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
    /** The longest refresh interval a target or the default may ask for. */
    static final Duration MAX_REFRESH = Duration.ofDays(1);
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
        Settings s = Settings.of(config, "lb.plugins.dns");
        List<InetSocketAddress> servers = servers(s, config);
        Duration defaultRefresh = s.duration("default-refresh", MIN_TARGET_REFRESH, MAX_REFRESH);
        boolean respectTtl = s.bool("respect-ttl");
        Duration minRefresh = s.duration("min-refresh");
        Duration maxRefresh = s.duration("max-refresh");
        if (minRefresh != null && maxRefresh != null && maxRefresh.compareTo(minRefresh) < 0) {
            s.problem("max-refresh", s.name("max-refresh") + " (" + Durations.format(maxRefresh) + ") is below "
                    + s.name("min-refresh") + " (" + Durations.format(minRefresh) + ")");
        }
        double jitter = s.fraction("jitter", 0, MAX_JITTER);
        Duration timeout = s.duration("timeout");
        int attempts = s.integer("attempts", 1, Integer.MAX_VALUE);
        StartupFailureMode mode = s.enumValue("on-startup-failure", StartupFailureMode.class);
        if (!s.ok()) {
            return new Result(Optional.empty(), s.problems());
        }
        return new Result(Optional.of(new DnsSettings(servers, defaultRefresh, respectTtl, minRefresh, maxRefresh,
                jitter, timeout, attempts, mode)), List.of());
    }

    /** The configured servers, each checked for a route; the system resolver's when none are configured. */
    private static List<InetSocketAddress> servers(Settings s, Config config) {
        List<InetSocketAddress> out = new ArrayList<>(s.list("servers", (element, key) -> {
            InetSocketAddress server = element.parsed(key, "ip or ip:port (IPv6 as [addr]:port)", ServerAddress::parse);
            if (server != null) {
                ServerAddress.unreachable(server).ifPresent(reason -> element.problem(key, reason));
            }
            return server;
        }));
        if (s.isSet("servers") && config.getValue("servers") instanceof ConfigList list && list.isEmpty()) {
            out.addAll(ResolverConfig.getCurrentConfig().servers());
            if (out.isEmpty()) {
                s.problem("servers", s.name("servers") + " is empty and the system resolver configuration "
                        + "(/etc/resolv.conf) lists no nameserver");
            }
        }
        return out;
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
}
