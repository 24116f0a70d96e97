package org.ebpflb.plugin.sni;

import com.typesafe.config.Config;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The service keys the sni plugin owns: {@code sni-routes} (the runtime reads each route's hostname and targets for
 * the weight pipeline; this checks the rest), {@code sni-default} and {@code proxy-protocol}.
 */
final class SniKeys implements ConfigKeys {
    static final String ROUTES = "sni-routes";
    static final String DEFAULT = "sni-default";
    static final String PROXY_PROTOCOL = "proxy-protocol";
    private static final String HOSTNAME = "hostname";
    private static final List<String> DEFAULTS = List.of("targets", "reject");
    private static final List<String> PROXY_VALUES = List.of("v2", "none");
    private static final Set<String> ROUTE_KEYS = Set.of(HOSTNAME, "targets", PROXY_PROTOCOL);
    /** An exact DNS name, or {@code *.} and one: lower case was applied by the runtime. */
    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /**
     * A service's own choices.
     *
     * @param rejectUnknown whether a ClientHello without a routed name is closed ({@code sni-default = reject})
     *     instead of going to the service's targets
     * @param proxyV2 whether routes without their own {@code proxy-protocol} send a PROXY v2 header
     */
    record ServiceOptions(boolean rejectUnknown, boolean proxyV2) {
    }

    @Override
    public Set<String> serviceKeys() {
        return Set.of(ROUTES, DEFAULT, PROXY_PROTOCOL);
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of();
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        Config c = service.config();
        Settings s = Settings.of(c, "");
        if (!service.userSpace()) {
            for (String key : List.of(DEFAULT, PROXY_PROTOCOL)) {
                if (c.hasPath(key)) {
                    s.problem(key, key + " applies only to a service with " + ROUTES + " (service '"
                            + service.name() + "')");
                }
            }
            return s.problems();
        }
        if (service.listen().protocol() != Protocol.TCP) {
            s.problem(ROUTES, ROUTES + " needs a tcp service: TLS runs over TCP, and service '" + service.name()
                    + "' listens on udp");
        }
        if (service.listen().address().filter(Inet4Address.class::isInstance).isEmpty()) {
            s.problem(ROUTES, ROUTES + " needs an IPv4 listen.address: the sni plugin binds a socket to it (service '"
                    + service.name() + "')");
        }
        if (c.hasPath(DEFAULT)) {
            s.oneOf(DEFAULT, DEFAULTS);
        }
        if (c.hasPath(PROXY_PROTOCOL)) {
            s.oneOf(PROXY_PROTOCOL, PROXY_VALUES);
        }
        List<ConfigProblem> problems = new ArrayList<>(s.problems());
        for (int i = 0; i < service.sniRoutes().size(); i++) {
            SniRouteSpec route = service.sniRoutes().get(i);
            Settings r = Settings.of(route.config(), ROUTES + "[" + i + "]");
            r.rejectUnknownKeys(ROUTE_KEYS);
            if (!NAME.matcher(route.hostname()).matches()) {
                r.problem(HOSTNAME, ROUTES + "[" + i + "].hostname '" + route.config().getString(HOSTNAME)
                        + "' is neither a DNS name nor a wildcard *.name");
            }
            if (route.config().hasPath(PROXY_PROTOCOL)) {
                r.oneOf(PROXY_PROTOCOL, PROXY_VALUES);
            }
            problems.addAll(r.problems());
        }
        return problems;
    }

    /**
     * @param service a validated service
     * @return its {@code sni-default} and {@code proxy-protocol}
     */
    static ServiceOptions options(ServiceSpec service) {
        Config c = service.config();
        boolean reject = c.hasPath(DEFAULT) && c.getString(DEFAULT).equals("reject");
        return new ServiceOptions(reject, proxyV2(c).orElse(false));
    }

    /**
     * @param block a validated service or route object
     * @return its own {@code proxy-protocol}, if it sets one
     */
    static Optional<Boolean> proxyV2(Config block) {
        return block.hasPath(PROXY_PROTOCOL) ? Optional.of(block.getString(PROXY_PROTOCOL).equals("v2"))
                : Optional.empty();
    }
}
