package org.ebpflb.api.dataplane.spi;

import java.util.List;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.ListenSpec;

/**
 * Everything the data plane needs for one service.
 *
 * @param service the service name
 * @param listen where it accepts traffic
 * @param hash what a new flow is hashed on
 * @param groups the default group first, then source routes
 */
@Experimental
public record ServiceTables(String service, ListenSpec listen, HashMode hash, List<GroupTable> groups) {
    /** Copies the list. */
    public ServiceTables {
        groups = List.copyOf(groups);
    }
}
