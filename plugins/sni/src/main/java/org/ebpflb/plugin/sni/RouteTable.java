package org.ebpflb.plugin.sni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;

/**
 * One service's routes by server name: an exact name first, then the longest wildcard suffix ({@code *.example.com}
 * matches {@code a.example.com} and {@code a.b.example.com}; {@code *.b.example.com} wins over it for the latter), then
 * the default. Names were lower-cased by the parser and the runtime, so matching is case-insensitive.
 *
 * @param exact routes by exact name
 * @param wildcard routes by the suffix after {@code *} (e.g. {@code .example.com})
 * @param fallback the service's own targets, or empty when unknown names are rejected
 */
record RouteTable(Map<String, Route> exact, Map<String, Route> wildcard, Optional<Route> fallback) {
    /** The key for the service's own targets in counters and status. */
    static final String DEFAULT_ROUTE = "default";

    /**
     * @param label how status names it: the hostname, or {@link #DEFAULT_ROUTE}
     * @param group the target group to pick from
     * @param proxyV2 whether to send a PROXY protocol v2 header first
     */
    record Route(String label, String group, boolean proxyV2) {
    }

    /**
     * @param service a validated service with SNI routes
     * @return its table
     */
    static RouteTable of(ServiceSpec service) {
        SniKeys.ServiceOptions options = SniKeys.options(service);
        Map<String, Route> exact = new HashMap<>();
        Map<String, Route> wildcard = new HashMap<>();
        for (SniRouteSpec spec : service.sniRoutes()) {
            boolean proxy = SniKeys.proxyV2(spec.config()).orElse(options.proxyV2());
            Route route = new Route(spec.hostname(), spec.groupId(), proxy);
            if (spec.hostname().startsWith("*.")) {
                wildcard.put(spec.hostname().substring(1), route);
            } else {
                exact.put(spec.hostname(), route);
            }
        }
        Optional<Route> fallback = options.rejectUnknown() ? Optional.empty()
                : Optional.of(new Route(DEFAULT_ROUTE, ServiceSpec.DEFAULT_GROUP, options.proxyV2()));
        return new RouteTable(Map.copyOf(exact), Map.copyOf(wildcard), fallback);
    }

    /** @return every route label, the default's included when it serves */
    List<String> labels() {
        List<String> out = new ArrayList<>(exact.keySet());
        out.addAll(wildcard.values().stream().map(Route::label).toList());
        fallback.ifPresent(r -> out.add(r.label()));
        return out;
    }

    /**
     * @param name the ClientHello's first server name, lower case
     * @return the route that name has, if any (not the default)
     */
    Optional<Route> match(String name) {
        Route route = exact.get(name);
        if (route != null) {
            return Optional.of(route);
        }
        for (int dot = name.indexOf('.', 1); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            route = wildcard.get(name.substring(dot));
            if (route != null) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
