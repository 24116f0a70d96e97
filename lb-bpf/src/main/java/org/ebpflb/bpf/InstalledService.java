package org.ebpflb.bpf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.ServiceKey;

/**
 * What one service has in the kernel: its ids in the maps and the tables they hold. This is the only record of kernel
 * contents the control plane keeps; the reconciler reads it through {@link KernelDataPlane#tables(String)}.
 */
final class InstalledService {
    final int id;
    final String name;
    ServiceKey key;
    List<String> interfaces = List.of();
    /** client prefix (empty: the default group) -> group id */
    final Map<Optional<Cidr>, Integer> groups = new LinkedHashMap<>();
    /** backend -> backend id */
    final Map<Endpoint, Integer> backends = new LinkedHashMap<>();
    /**
     * The tables of the last apply that completed. Null for a service recovered from an earlier run's pins and
     * during an apply, so that a failed apply is never mistaken for the tables it did not finish writing.
     */
    ServiceTables tables;

    InstalledService(int id, String name) {
        this.id = id;
        this.name = name;
    }
}
