package org.ebpflb.bpf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.dataplane.spi.ConnectionEvents;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.Libbpf;
import org.ebpflb.bpf.maps.BackendValue;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.GroupMeta;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceKey;
import org.ebpflb.bpf.maps.ServiceMeta;
import org.ebpflb.bpf.maps.ServiceValue;
import org.ebpflb.bpf.maps.SourceKey;
import org.ebpflb.bpf.maps.TypedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel data plane: XDP ingress and tc egress programs on the services' interfaces, maps pinned under
 * {@code <pin-root>/ebpf-lb/<instance>/} and reused across restarts, so established connections survive the control
 * plane. Not thread-safe: one reconcile thread owns it. Network-namespace sensitive calls (attach, sysctls) act in
 * the calling thread's namespace.
 */
public final class KernelDataPlane implements DataPlane, FlowTable, DrainStore {
    private static final Logger LOG = LoggerFactory.getLogger(KernelDataPlane.class);
    /** A FIN starts this shorter timeout: the rest of the close handshake needs the entry, little else does. */
    private static final Duration TCP_CLOSING_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Kernel data-plane settings ({@code lb.dataplane} and {@code lb.instance}).
     *
     * @param pinRoot bpffs under which {@code ebpf-lb/<instance>} holds the pinned maps
     * @param instance instance name
     * @param xdpMode how to attach XDP
     * @param sizes what the maps hold (services, groups, targets, source routes, Maglev slots, connections,
     *     rate-limit buckets)
     * @param tcpIdleTimeout idle timeout of TCP flows
     * @param udpIdleTimeout idle timeout of UDP flows
     * @param halfOpenTimeout how long a flow not confirmed yet (a SYN, an unanswered datagram) is remembered
     * @param takeOver whether XDP and tc programs of another ebpf-lb instance (or of a run whose pins are gone) may
     *     be replaced; without it attaching there is refused
     */
    public record Settings(Path pinRoot, String instance, XdpMode xdpMode, LbPrograms.Sizes sizes,
                           Duration tcpIdleTimeout, Duration udpIdleTimeout, Duration halfOpenTimeout,
                           boolean takeOver) {
        /** Validates. */
        public Settings {
            Objects.requireNonNull(pinRoot, "pinRoot");
            Objects.requireNonNull(sizes, "sizes");
            if (instance == null || !instance.matches("[A-Za-z0-9_.-]{1,64}") || instance.startsWith(".")) {
                throw new IllegalArgumentException("instance '" + instance + "' must be 1-64 of [A-Za-z0-9_.-]");
            }
            for (Duration d : List.of(tcpIdleTimeout, udpIdleTimeout, halfOpenTimeout)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timeouts must be positive: " + d);
                }
            }
        }

        /** @return where this instance's maps are pinned */
        public Path pinDir() {
            return PinnedState.pinDir(pinRoot, instance);
        }
    }

    private final LbPrograms programs;
    private final LbMaps maps;
    private final KernelRateLimits rateLimits;
    private final Attachments attachments;
    private final IdPools ids = new IdPools();
    private final GroupTables groupTables;
    private final Counters counters;
    private final PinnedDrains drains;
    private final KernelConnectionEvents events;
    private final KernelConnectionTable connections;
    private final ReverseOwners reverseOwners;
    /** What is in the kernel, by service name; changed on the reconcile thread only. */
    private final Map<String, InstalledService> services = new LinkedHashMap<>();

    /**
     * Opens or reuses the pinned maps, loads the programs, reconciles attachments in the calling thread's network
     * namespace (replacing this instance's programs on interfaces still listed by installed services in place,
     * detaching them elsewhere) and makes sure the host forwards.
     *
     * @param settings settings
     */
    public KernelDataPlane(Settings settings) {
        HostNetwork.ensureBpffs(settings.pinRoot());
        Path dir = settings.pinDir();
        PinnedState.removeStale(dir);
        this.programs = LbPrograms.load(settings.sizes(), Optional.of(dir));
        try {
            this.maps = programs.maps();
            ConfigValue timeouts = new ConfigValue(settings.tcpIdleTimeout(), settings.udpIdleTimeout(),
                    TCP_CLOSING_TIMEOUT, settings.halfOpenTimeout());
            maps.writeConfig(timeouts);
            this.groupTables = new GroupTables(maps);
            PinnedState.recover(maps, services, ids, groupTables);
            // pins of a release without the port map get it new and empty: fill it before the new programs attach
            services.values().stream().filter(s -> s.key != null)
                    .forEach(s -> maps.servicePorts.set(s.key.port(), s.key.protocol(), true));
            this.rateLimits = new KernelRateLimits(maps);
            services.values().forEach(s -> rateLimits.recovered(s.name, s.id));
            this.reverseOwners = new ReverseOwners(maps);
            reverseOwners.update(services.values());
            this.counters = new Counters(maps, new CensusCache(maps, timeouts), settings.sizes());
            this.drains = new PinnedDrains(maps);
            counters.publish(services.values());
            this.events = new KernelConnectionEvents(maps, counters);
            this.connections = new KernelConnectionTable(maps, counters, timeouts);
            int ctMapId = Fds.mapId(programs.map("lb_conntrack").fd());
            this.attachments = new Attachments(programs.xdpFd(), programs.tcFd(), ctMapId, settings.xdpMode(),
                    settings.takeOver());
            attachments.adopt(listedInterfaces());
        } catch (RuntimeException e) {
            programs.close();
            throw e;
        }
    }

    /** @return the system libbpf's version, e.g. "1.1" */
    public static String libbpfVersion() {
        return Libbpf.version();
    }

    /**
     * Removes an instance that is not running ({@code lb stop --detach}): detaches its programs from the interfaces
     * of the calling thread's network namespace and deletes its pins, which ends its connections.
     *
     * @param pinRoot the pin root
     * @param instance the instance
     * @return what was done, one line per action
     */
    public static List<String> detach(Path pinRoot, String instance) {
        return PinnedState.remove(pinRoot, instance);
    }

    @Override
    public String description() {
        Map<String, String> on = attachments.attached();
        if (on.isEmpty()) {
            return "kernel (no interface attached)";
        }
        return "kernel (xdp " + on.entrySet().stream()
                .map(e -> e.getValue() + " on " + e.getKey())
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void apply(ServiceTables tables) {
        ServiceTablesCheck.validate(tables);
        if (ServiceTablesCheck.ipv6(tables)) {
            HostNetwork.ensureIpv6Forwarding();
        }
        InstalledService existing = services.get(tables.service());
        ServiceKey key = ServiceKey.of(tables.listen().address().orElse(null), ServiceTablesCheck.ipv6(tables),
                tables.listen().port(), tables.listen().protocol());
        for (InstalledService other : services.values()) {
            if (other != existing && key.equals(other.key)) {
                throw new IllegalArgumentException("service " + tables.service() + " listens where " + other.name
                        + " does (" + describe(key) + ")");
            }
        }
        if (existing == null) {
            existing = new InstalledService(ids.takeService(), tables.service());
            maps.resetServiceStats(existing.id);
        }
        InstalledService s = existing;
        services.put(s.name, s);
        rateLimits.installed(s.name, s.id);
        events.installed(s.name, s.id);
        ServiceTables before = s.tables;
        s.tables = null;   // until this apply completes, the record does not know what the kernel holds
        Map<Optional<Cidr>, Integer> groupsBefore = new LinkedHashMap<>(s.groups);
        Set<Endpoint> wanted = new LinkedHashSet<>();
        tables.groups().forEach(g -> wanted.addAll(g.backends()));

        writeBackends(s, wanted);                  // tables may only point at written backends
        writeGroups(s, tables, before);
        writeService(s, key, tables);
        freeUnused(s, tables, groupsBefore, wanted); // last, after no packet can reach it
        reverseOwners.update(services.values());
        List<String> previous = s.interfaces;
        s.interfaces = tables.listen().interfaces();
        maps.serviceMeta.put(s.id, new ServiceMeta(s.name, key, s.interfaces));
        attachments.follow(listedInterfaces(), previous);
        counters.publish(services.values());
        s.tables = tables;
        LOG.debug("applied {} ({} groups, {} backends)", s.name, s.groups.size(), s.backends.size());
    }

    @Override
    public void remove(String service) {
        InstalledService s = services.remove(service);
        if (s == null) {
            return;
        }
        counters.publish(services.values());
        if (s.key != null) {
            maps.services.delete(s.key);
            int port = s.key.port();
            Protocol protocol = s.key.protocol();
            if (services.values().stream().noneMatch(o -> o.key != null && o.key.port() == port
                    && o.key.protocol() == protocol)) {
                maps.servicePorts.set(port, protocol, false);  // its flows are dropped below: nothing is left there
            }
        }
        for (Map.Entry<Optional<Cidr>, Integer> g : s.groups.entrySet()) {
            g.getKey().ifPresent(c -> maps.deleteSourceRoute(new SourceKey(s.id, c)));
            freeGroup(g.getValue());
        }
        for (Endpoint e : List.copyOf(s.backends.keySet())) {
            freeBackend(s, e);
        }
        int flows = dropFlows(s.id);
        reverseOwners.update(services.values());
        rateLimits.removed(s.name, s.id);
        events.removed(s.name, s.id);
        maps.serviceMeta.put(s.id, new ServiceMeta("", null, List.of()));
        ids.freeService(s.id);
        attachments.follow(listedInterfaces(), s.interfaces);
        LOG.info("removed service {} ({} conntrack entries dropped)", service, flows);
    }

    @Override
    public Set<String> installed() {
        return Set.copyOf(services.keySet());
    }

    @Override
    public Optional<ServiceTables> tables(String service) {
        InstalledService s = services.get(service);
        return s == null ? Optional.empty() : Optional.ofNullable(s.tables);
    }

    @Override
    public DataPlaneStats stats() {
        return counters;
    }

    /**
     * Deletes the conntrack entries of every flow of the backend, in the confirmed and the half-open table (a walk
     * of each). Safe from any thread: the backend's ids come from the published counter indexes, and each delete is
     * one map operation.
     *
     * @return the flows forgotten (their forward entries)
     */
    @Override
    public long forget(String service, Endpoint target) {
        return counters.flowIds(service, target).map(ids -> {
            Dropped confirmed = dropFlows(maps.conntrack, ids[0], ids[1]);
            maps.addControlPlaneDeletes(confirmed.entries());
            Dropped pending = dropFlows(maps.pending, ids[0], ids[1]);
            LOG.info("{} {}: forgot {} conntrack entries", service, target, confirmed.entries() + pending.entries());
            return (long) confirmed.flows() + pending.flows();
        }).orElse(0L);
    }

    @Override
    public List<DrainStore.Entry> entries() {
        return drains.entries();
    }

    @Override
    public void save(DrainStore.Entry entry) {
        drains.save(entry);
    }

    @Override
    public void delete(String service, Endpoint target) {
        drains.delete(service, target);
    }

    @Override
    public Optional<RateLimits> rateLimits() {
        return Optional.of(rateLimits);
    }

    @Override
    public Optional<ConnectionEvents> connectionEvents() {
        return Optional.of(events);
    }

    @Override
    public Optional<ConnectionTable> connectionTable() {
        return Optional.of(connections);
    }

    @Override
    public void close() {
        events.close();
        programs.close();
    }

    /** @return the maps, for tests in this module */
    LbMaps maps() {
        return maps;
    }

    private void writeBackends(InstalledService s, Set<Endpoint> wanted) {
        for (Endpoint e : wanted) {
            if (!s.backends.containsKey(e)) {
                int id = ids.takeBackend();
                maps.resetBackendStats(id);
                maps.backends.put(id, new BackendValue(e, s.id));
                s.backends.put(e, id);
            }
        }
    }

    /** Writes each changed table aside and flips it in; with no record of the tables, compares with the kernel. */
    private void writeGroups(InstalledService s, ServiceTables tables, ServiceTables before) {
        for (GroupTable g : tables.groups()) {
            Integer group = s.groups.get(g.source());
            if (group == null) {
                group = ids.takeGroup();
                maps.groupMeta.put(group, new GroupMeta(s.id, true, g.source()));
                s.groups.put(g.source(), group);
            }
            Optional<GroupTable> written = before == null ? Optional.empty()
                    : before.groups().stream().filter(w -> w.source().equals(g.source())).findFirst();
            if (!written.map(g::equals).orElse(false)) {
                groupTables.write(group, backendIds(s, g), before == null);
            }
        }
        for (GroupTable g : tables.groups()) {
            g.source().ifPresent(c -> maps.putSourceRoute(new SourceKey(s.id, c), s.groups.get(g.source())));
        }
    }

    private void writeService(InstalledService s, ServiceKey key, ServiceTables tables) {
        boolean hasRoutes = tables.groups().stream().anyMatch(g -> g.source().isPresent());
        int flags = (tables.hash() == HashMode.SOURCE_IP ? ServiceValue.HASH_SOURCE : 0)
                | (hasRoutes ? ServiceValue.SOURCE_ROUTES : 0);
        maps.servicePorts.set(key.port(), key.protocol(), true);  // before the key: its packets must get past the port check
        maps.services.put(key, new ServiceValue(s.id, flags, s.groups.get(Optional.<Cidr>empty())));
        if (s.key != null && !s.key.equals(key)) {
            // the old port keeps its bit: the flows opened there go on through conntrack
            maps.services.delete(s.key);
        }
        s.key = key;
    }

    private void freeUnused(InstalledService s, ServiceTables tables, Map<Optional<Cidr>, Integer> groupsBefore,
                            Set<Endpoint> wanted) {
        Set<Optional<Cidr>> keep = tables.groups().stream().map(GroupTable::source).collect(Collectors.toSet());
        for (Map.Entry<Optional<Cidr>, Integer> g : groupsBefore.entrySet()) {
            if (!keep.contains(g.getKey())) {
                g.getKey().ifPresent(c -> maps.deleteSourceRoute(new SourceKey(s.id, c)));
                freeGroup(g.getValue());
                s.groups.remove(g.getKey());
            }
        }
        for (Endpoint e : List.copyOf(s.backends.keySet())) {
            if (!wanted.contains(e)) {
                freeBackend(s, e);
            }
        }
    }

    private static int[] backendIds(InstalledService s, GroupTable g) {
        int[] raw = g.slots();
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] < 0 ? LbMaps.NO_BACKEND : s.backends.get(g.backends().get(raw[i]));
        }
        return out;
    }

    private void freeGroup(int group) {
        groupTables.free(group);
        maps.groupMeta.put(group, new GroupMeta(0, false, Optional.empty()));
        ids.freeGroup(group);
    }

    private void freeBackend(InstalledService s, Endpoint e) {
        int id = s.backends.remove(e);
        maps.backends.put(id, new BackendValue(null, 0));
        ids.freeBackend(id);
    }

    /** Deletes a removed service's conntrack entries (both tables) so its flows stop being translated at once. */
    private int dropFlows(int serviceId) {
        int confirmed = dropFlows(maps.conntrack, serviceId, -1).entries();
        maps.addControlPlaneDeletes(confirmed);
        return confirmed + dropFlows(maps.pending, serviceId, -1).entries();
    }

    /** Entries deleted from one table, and how many of them were forward entries (one per flow). */
    private record Dropped(int entries, int flows) {
    }

    /** @param backendId the backend whose entries go, or -1 for all of the service's */
    private static Dropped dropFlows(TypedMap<CtKey, CtValue> table, int serviceId, int backendId) {
        int entries = 0;
        int flows = 0;
        for (CtKey k : table.keys()) {
            Optional<CtValue> match = table.get(k)
                    .filter(v -> v.serviceId() == serviceId && (backendId < 0 || v.backendId() == backendId));
            if (match.isPresent() && table.delete(k)) {
                entries++;
                flows += match.get().dir() == CtValue.FORWARD ? 1 : 0;
            }
        }
        return new Dropped(entries, flows);
    }

    private Set<String> listedInterfaces() {
        Set<String> all = new LinkedHashSet<>();
        services.values().forEach(s -> all.addAll(s.interfaces));
        return all;
    }

    private static String describe(ServiceKey k) {
        return (k.address() == null ? "*" : IpAddresses.format(k.address())) + ":" + k.port() + "/" + k.protocol()
                + (k.ipv6() ? " (IPv6)" : "");
    }
}
