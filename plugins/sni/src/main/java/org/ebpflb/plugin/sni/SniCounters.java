package org.ebpflb.plugin.sni;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One service's counters since the plugin started: for the connections no route took (no server name, an unknown
 * one, refused, unparseable, too slow) and per route (the {@link RouteTable#DEFAULT_ROUTE default} included).
 * Counters of a route removed by a reload stay until the plugin stops, so totals never go down.
 */
final class SniCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder noSni = new LongAdder();
    final LongAdder unknownName = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder parseErrors = new LongAdder();
    final LongAdder clientHelloTimeouts = new LongAdder();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /** A route's counters. */
    static final class Route {
        final LongAdder connections = new LongAdder();
        final LongAdder active = new LongAdder();
        final LongAdder bytesFromClients = new LongAdder();
        final LongAdder bytesToClients = new LongAdder();
        final LongAdder connectFailures = new LongAdder();
        final LongAdder noTarget = new LongAdder();

        Map<String, Object> snapshot() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("connections", connections.sum());
            out.put("active", active.sum());
            out.put("bytesFromClients", bytesFromClients.sum());
            out.put("bytesToClients", bytesToClients.sum());
            out.put("connectFailures", connectFailures.sum());
            out.put("noTarget", noTarget.sum());
            return out;
        }
    }

    /**
     * @param label a route's label
     * @return its counters, created at first use
     */
    Route route(String label) {
        return routes.computeIfAbsent(label, l -> new Route());
    }

    /** @return the counters as plain values for {@code lb status} */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted.sum());
        out.put("noSni", noSni.sum());
        out.put("unknownName", unknownName.sum());
        out.put("rejected", rejected.sum());
        out.put("parseErrors", parseErrors.sum());
        out.put("clientHelloTimeouts", clientHelloTimeouts.sum());
        Map<String, Object> byRoute = new LinkedHashMap<>();
        routes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byRoute.put(e.getKey(), e.getValue().snapshot()));
        out.put("routes", byRoute);
        return out;
    }
}
