package org.ebpflb.bpf;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceKey;
import org.ebpflb.bpf.maps.TypedMap;

/**
 * Keeps lb_reverse in line with the installed services: for each backend (address, port, protocol), one service
 * address whose flows to it keep only a forward entry, because tc builds that entry's key from the reply and this
 * address. A backend keeps the address it has while that service still lists it, so a reload does not move it; a
 * wildcard service is never chosen (the address its clients used is not known from the reply).
 *
 * <p>Before a backend's address changes or goes, the flows that relied on it get the reverse entry they would have had
 * (see {@link #giveReverseEntries}), and once more afterwards for flows that started in between.
 */
final class ReverseOwners {
    private final LbMaps maps;

    ReverseOwners(LbMaps maps) {
        this.maps = maps;
    }

    /** @param services every installed service, the first listed being preferred for a backend they share */
    void update(Collection<InstalledService> services) {
        Map<ServiceKey, Set<ServiceKey>> wanted = new LinkedHashMap<>();
        for (InstalledService s : services) {
            if (s.key == null || s.key.address() == null) {
                continue;
            }
            for (Endpoint e : s.backends.keySet()) {
                wanted.computeIfAbsent(backendKey(e, s.key), k -> new LinkedHashSet<>()).add(s.key);
            }
        }
        Map<ServiceKey, ServiceKey> current = new LinkedHashMap<>();
        maps.reverse.keys().forEach(k -> maps.reverse.get(k).ifPresent(v -> current.put(k, v)));
        wanted.forEach((backend, owners) -> {
            ServiceKey had = current.get(backend);
            if (had == null || !owners.contains(had)) {
                replace(backend, had, owners.iterator().next());
            }
        });
        current.forEach((backend, had) -> {
            if (!wanted.containsKey(backend)) {
                replace(backend, had, null);
            }
        });
    }

    private void replace(ServiceKey backend, ServiceKey had, ServiceKey now) {
        if (had != null) {
            giveReverseEntries(backend, had);
        }
        if (now == null) {
            maps.reverse.delete(backend);
        } else {
            maps.reverse.put(backend, now);
        }
        if (had != null) {
            giveReverseEntries(backend, had);
        }
    }

    /**
     * Writes a reverse entry for every flow through {@code service} to {@code backend} that has none, in the table its
     * forward entry is in, and marks the forward entry. The forward entry is read and written back: a count or state
     * change the programs make on it in between is lost (microseconds, once per change of a backend's address).
     */
    private void giveReverseEntries(ServiceKey backend, ServiceKey service) {
        for (TypedMap<CtKey, CtValue> table : java.util.List.of(maps.conntrack, maps.pending)) {
            for (CtKey k : table.keys()) {
                table.get(k).filter(v -> reliesOn(k, v, backend, service)).ifPresent(v -> {
                    table.put(new CtKey(v.natAddr(), k.src(), v.natPort(), k.sport(), k.proto()),
                            new CtValue(k.dst(), k.dport(), v.state(), CtValue.REVERSE, v.serviceId(),
                                    v.backendId(), v.lastSeenNs(), 0, 0, v.openedNs(), 0, 0, false));
                    table.put(k, v.withReverseEntry());
                });
            }
        }
    }

    private static boolean reliesOn(CtKey k, CtValue v, ServiceKey backend, ServiceKey service) {
        return v.dir() == CtValue.FORWARD && !v.reverseEntry() && k.proto() == ServiceKey.ipProto(service.protocol())
                && k.dst().equals(service.address()) && k.dport() == service.port()
                && v.natAddr().equals(backend.address()) && v.natPort() == backend.port();
    }

    private static ServiceKey backendKey(Endpoint backend, ServiceKey service) {
        return ServiceKey.of(backend.address(), backend.port(), service.protocol());
    }
}
