package org.ebpflb.api.dataplane;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;

/**
 * Counters read from the data plane, summed over CPUs. Read-only; each call reads current values, except the active
 * connection gauges and {@link #conntrack()}, which come from a count of the tables at most a second old.
 */
@Stable
public interface DataPlaneStats {
    /**
     * @param service a service name
     * @return counters for the service as a whole, zeros when unknown
     */
    TrafficCounters service(String service);

    /**
     * @param service a service name
     * @return counters per backend of that service; {@link TrafficCounters#connectionsActive()} is each target's
     *     confirmed connections in the table now (what a least-connections policy balances on)
     */
    Map<Endpoint, TrafficCounters> targets(String service);

    /** @return packets dropped or passed unhandled, by reason (e.g. "no-conntrack", "malformed") */
    Map<String, Long> drops();

    /** @return the connection tracking tables' occupancy and events; {@link ConntrackStats#NONE} without them */
    default ConntrackStats conntrack() {
        return ConntrackStats.NONE;
    }

    /**
     * Reads the counters of many services together. This default reads service by service; the kernel data plane
     * reads each counter map once, whatever the number of services and backends.
     *
     * @param services the service names wanted; unknown ones are left out
     * @return their counters and the drops
     */
    default TrafficSnapshot snapshot(Collection<String> services) {
        Map<String, TrafficSnapshot.ServiceTraffic> out = new LinkedHashMap<>();
        for (String s : services) {
            out.put(s, new TrafficSnapshot.ServiceTraffic(service(s), targets(s)));
        }
        return new TrafficSnapshot(out, drops());
    }
}
