package org.ebpflb.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.maps.BackendValue;
import org.ebpflb.bpf.maps.GroupMeta;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restart recovery: the maps are pinned under {@code <pin-root>/ebpf-lb/<instance>/} and outlive the control plane,
 * so a new run rebuilds its record of what is installed from lb_service_meta, lb_group_meta and lb_backends, and
 * {@code lb stop --detach} finds the instance's attachments through its pinned conntrack map.
 */
final class PinnedState {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedState.class);

    private PinnedState() {
    }

    static Path pinDir(Path pinRoot, String instance) {
        return pinRoot.resolve("ebpf-lb").resolve(instance);
    }

    /** Pins that are not maps of this version (an older layout's leftovers) would confuse the next detach. */
    static void removeStale(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> pins = Files.list(dir)) {
                for (Path p : pins.toList()) {
                    if (!LbMaps.NAMES.contains(p.getFileName().toString())) {
                        LOG.warn("removing stale pin {}", p);
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare pin directory " + dir, e);
        }
    }

    /**
     * Rebuilds what an earlier run installed from the pinned maps: the services (without their tables, which the
     * next apply compares with the kernel), the ids still free and the table regions in use.
     *
     * @param maps the pinned maps
     * @param services filled with the installed services, by name
     * @param ids filled with the free ids
     * @param tables told which groups an earlier run wrote
     */
    static void recover(LbMaps maps, Map<String, InstalledService> services, IdPools ids, GroupTables tables) {
        Map<Integer, InstalledService> byId = new HashMap<>();
        for (int id = 1; id < maps.serviceMeta.raw().maxEntries(); id++) {
            ServiceMeta m = maps.serviceMeta.get(id).orElseThrow();
            if (m.name().isEmpty()) {
                ids.freeService(id);
                continue;
            }
            InstalledService s = new InstalledService(id, m.name());
            s.key = m.key();
            s.interfaces = m.interfaces();
            services.put(s.name, s);
            byId.put(id, s);
        }
        for (int g = 1; g < maps.groupMeta.raw().maxEntries(); g++) {
            GroupMeta m = maps.groupMeta.get(g).orElseThrow();
            InstalledService s = m.inUse() ? byId.get(m.serviceId()) : null;
            if (s == null) {
                ids.freeGroup(g);
                continue;
            }
            s.groups.put(m.source(), g);
            tables.recover(g);
        }
        for (int b = 1; b < maps.backends.raw().maxEntries(); b++) {
            BackendValue v = maps.backends.get(b).orElseThrow();
            InstalledService s = v.endpoint() == null ? null : byId.get(v.serviceId());
            if (s == null) {
                ids.freeBackend(b);
            } else {
                s.backends.put(v.endpoint(), b);
            }
        }
        if (!services.isEmpty()) {
            LOG.info("reusing pinned state of {} service(s): {}", services.size(), services.keySet());
        }
    }

    /**
     * Removes an instance that is not running: detaches its programs from the interfaces of the calling thread's
     * network namespace and deletes its pins.
     *
     * @return what was done, one line per action
     */
    static List<String> remove(Path pinRoot, String instance) {
        Path dir = pinDir(pinRoot, instance);
        List<String> done = new ArrayList<>();
        Path ct = dir.resolve("lb_conntrack");
        if (Files.exists(ct)) {
            int fd = Fds.objGet(ct.toString());
            try {
                int mapId = Fds.mapId(fd);
                for (String iface : Attachments.scan(mapId)) {
                    Attachments.detachOwned(iface, HostNetwork.ifindex(iface), mapId);
                    done.add("detached from " + iface);
                }
            } finally {
                Fds.close(fd);
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> pins = Files.list(dir)) {
                for (Path p : pins.toList()) {
                    Files.delete(p);
                    done.add("removed " + p);
                }
                Files.delete(dir);
                done.add("removed " + dir);
                try (Stream<Path> left = Files.list(dir.getParent())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(dir.getParent());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return done;
    }
}
