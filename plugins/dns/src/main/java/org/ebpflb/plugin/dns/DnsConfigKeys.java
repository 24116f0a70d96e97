package org.ebpflb.plugin.dns;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/** The target keys the dns plugin owns: {@code host}, {@code dns-refresh}, {@code respect-ttl}. */
final class DnsConfigKeys implements ConfigKeys {
    /** Target key: the hostname. */
    static final String HOST = "host";
    private static final String IP = "ip";

    @Override
    public Set<String> serviceKeys() {
        return Set.of();
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of(HOST, RefreshSettings.DNS_REFRESH, RefreshSettings.RESPECT_TTL);
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<TargetSpec> all = service.allTargetSpecs();
        Map<String, TargetSpec> firstByHost = new HashMap<>();
        for (TargetSpec target : all) {
            Config c = target.config();
            if (!c.hasPath(HOST)) {
                for (String key : List.of(RefreshSettings.DNS_REFRESH, RefreshSettings.RESPECT_TTL)) {
                    if (c.hasPath(key)) {
                        problems.add(ConfigProblem.at(c.getValue(key).origin(),
                                key + " applies only to a target with host; this target has none"));
                    }
                }
                continue;
            }
            Settings keys = Settings.of(c, "");
            Optional<String> host = checkHost(c, keys);
            keys.optional(RefreshSettings.DNS_REFRESH,
                    (t, k) -> t.duration(k, DnsSettings.MIN_TARGET_REFRESH, DnsSettings.MAX_REFRESH));
            keys.optional(RefreshSettings.RESPECT_TTL, Settings::bool);
            problems.addAll(keys.problems());
            host.ifPresent(h -> {
                TargetSpec first = firstByHost.putIfAbsent(HostnameSyntax.normalize(h), target);
                if (first != null && !sameRefresh(first.config(), c)) {
                    problems.add(ConfigProblem.at(c.getValue(HOST).origin(), "host '" + h + "' appears again in "
                            + "service '" + service.name() + "' with other dns-refresh/respect-ttl than at "
                            + where(first.config()) + "; the name is resolved once per service, so give every "
                            + "target with this host the same settings"));
                }
            });
        }
        return problems;
    }

    private static Optional<String> checkHost(Config c, Settings keys) {
        if (c.hasPath(IP)) {
            keys.problem(HOST, "a target has either ip or host, not both");
        }
        String host = keys.string(HOST);
        Optional<String> wrong = host == null ? Optional.empty() : HostnameSyntax.problem(host);
        wrong.ifPresent(message -> keys.problem(HOST, message));
        return host == null || wrong.isPresent() ? Optional.empty() : Optional.of(host);
    }

    private static boolean sameRefresh(Config a, Config b) {
        return parsed(a, c -> c.getDuration(RefreshSettings.DNS_REFRESH)).equals(
                        parsed(b, c -> c.getDuration(RefreshSettings.DNS_REFRESH)))
                && parsed(a, c -> c.getBoolean(RefreshSettings.RESPECT_TTL)).equals(
                        parsed(b, c -> c.getBoolean(RefreshSettings.RESPECT_TTL)));
    }

    /** A value, or empty when it is absent or invalid (an invalid one is reported on its own). */
    private static <T> Optional<T> parsed(Config target, Function<Config, T> getter) {
        try {
            return Optional.of(getter.apply(target));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static String where(Config target) {
        ConfigOrigin origin = target.getValue(HOST).origin();
        String file = origin.filename() != null ? origin.filename() : origin.description();
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }
}
