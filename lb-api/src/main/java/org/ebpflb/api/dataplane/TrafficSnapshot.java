package org.ebpflb.api.dataplane;

import java.util.Map;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;

/**
 * The data plane's counters read together, for readers that want all of them at once (a metrics scrape): the kernel
 * reads each counter map in one pass instead of once per service and backend.
 *
 * @param services counters per service name
 * @param drops packets dropped or passed unhandled, by reason
 */
@Experimental
public record TrafficSnapshot(Map<String, ServiceTraffic> services, Map<String, Long> drops) {
    /** Copies the maps. */
    public TrafficSnapshot {
        services = Map.copyOf(services);
        drops = Map.copyOf(drops);
    }

    /**
     * One service's counters.
     *
     * @param service the service as a whole
     * @param targets per backend
     */
    public record ServiceTraffic(TrafficCounters service, Map<Endpoint, TrafficCounters> targets) {
        /** Copies the map. */
        public ServiceTraffic {
            targets = Map.copyOf(targets);
        }
    }
}
