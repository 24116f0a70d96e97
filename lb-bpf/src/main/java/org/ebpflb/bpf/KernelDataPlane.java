package org.ebpflb.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebpflb.api.dataplane.DataPlane;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.dataplane.GroupTable;
import org.ebpflb.api.dataplane.ServiceTables;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.Libbpf;
import org.ebpflb.bpf.maps.BackendValue;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.GroupMeta;
import org.ebpflb.bpf.maps.GroupValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceKey;
import org.ebpflb.bpf.maps.ServiceMeta;
import org.ebpflb.bpf.maps.ServiceValue;
import org.ebpflb.bpf.maps.SourceKey;
import org.ebpflb.bpf.maps.TableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel data plane: XDP ingress and tc egress programs on the services' interfaces, maps pinned under
 * {@code <pin-root>/ebpf-lb/<instance>/} and reused across restarts, so established connections survive the control
 * plane. Not thread-safe: one reconcile thread owns it. Network-namespace sensitive calls (attach, sysctls) act in
 * the calling thread's namespace.
 */
public final class KernelDataPlane implements DataPlane {
    private static final Logger LOG = LoggerFactory.getLogger(KernelDataPlane.class);
    /** A FIN starts this shorter timeout: the rest of the close handshake needs the entry, little else does. */
    private static final Duration TCP_CLOSING_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Kernel data-plane settings ({@code lb.dataplane} and {@code lb.instance}).
     *
     * @param pinRoot bpffs under which {@code ebpf-lb/<instance>} holds the pinned maps
     * @param instance instance name
     * @param xdpMode how to attach XDP
     * @param maxConnections conntrack capacity in connections (two entries each)
     * @param tcpIdleTimeout idle timeout of TCP flows
     * @param udpIdleTimeout idle timeout of UDP flows
     * @param tableSlots lb_maglev capacity: all tables, both halves (a group needs twice its table size)
     */
    public record Settings(Path pinRoot, String instance, XdpMode xdpMode, long maxConnections,
                           Duration tcpIdleTimeout, Duration udpIdleTimeout, int tableSlots) {
        /** Default lb_maglev capacity: 128 groups of 16381 slots, double-buffered (16 MiB). */
        public static final int DEFAULT_TABLE_SLOTS = 4 * 1024 * 1024;

        /** Validates. */
        public Settings {
            Objects.requireNonNull(pinRoot, "pinRoot");
            if (instance == null || !instance.matches("[A-Za-z0-9_.-]{1,64}") || instance.startsWith(".")) {
                throw new IllegalArgumentException("instance '" + instance + "' must be 1-64 of [A-Za-z0-9_.-]");
            }
            if (maxConnections < 1 || maxConnections > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("max-connections " + maxConnections + " is outside 1.."
                        + Integer.MAX_VALUE / 2);
            }
            if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero() || udpIdleTimeout.isNegative()
                    || udpIdleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeouts must be positive");
            }
        }

        /** @return where this instance's maps are pinned */
        public Path pinDir() {
            return KernelDataPlane.pinDir(pinRoot, instance);
        }
    }

    private static final class Service {
        final int id;
        final String name;
        ServiceKey key;
        List<String> interfaces = List.of();
        final Map<Optional<Cidr>, Integer> groups = new LinkedHashMap<>();
        final Map<Endpoint, Integer> backends = new LinkedHashMap<>();

        Service(int id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private final Settings settings;
    private final LbPrograms programs;
    private final LbMaps maps;
    private final Attachments attachments;
    private final SlotAllocator slots;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final TreeSet<Integer> freeServiceIds = new TreeSet<>();
    private final TreeSet<Integer> freeGroupIds = new TreeSet<>();
    /** FIFO so a freed backend id (and its counters' meaning) is reused as late as possible. */
    private final Deque<Integer> freeBackendIds = new ArrayDeque<>();
    private final Map<Integer, TableValue> regions = new HashMap<>();   // table id -> region
    private final Map<Integer, Integer> liveTable = new HashMap<>();     // group -> live table id
    private final Map<Integer, int[]> liveSlots = new HashMap<>();       // group -> live slots (read lazily)
    /**
     * Which counters belong to which service and backend, republished after every change: {@link #stats()} is read
     * from other threads (admin API, plugins) while the reconcile thread changes the bookkeeping above.
     */
    private volatile Map<String, CounterIds> counterIds = Map.of();

    /** The counter indexes of one service: its own and its backends'. */
    private record CounterIds(int service, Map<Endpoint, Integer> backends) {
    }

    /**
     * Opens or reuses the pinned maps, loads the programs, reconciles attachments in the calling thread's network
     * namespace (replacing this instance's programs on interfaces still listed by installed services in place,
     * detaching them elsewhere) and makes sure the host forwards.
     *
     * @param settings settings
     */
    public KernelDataPlane(Settings settings) {
        this.settings = settings;
        HostNetwork.ensureBpffs(settings.pinRoot());
        Path dir = settings.pinDir();
        removeStalePins(dir);
        this.programs = LbPrograms.load(new LbPrograms.Sizes((int) (2 * settings.maxConnections()),
                settings.tableSlots()), Optional.of(dir));
        try {
            this.maps = programs.maps();
            maps.writeConfig(new ConfigValue(settings.tcpIdleTimeout(), settings.udpIdleTimeout(),
                    TCP_CLOSING_TIMEOUT));
            this.slots = new SlotAllocator(maps.maglev.maxEntries());
            readInstalledState();
            publishCounterIds();
            int ctMapId = Fds.mapId(programs.map("lb_conntrack").fd());
            this.attachments = new Attachments(programs.xdpFd(), programs.tcFd(), ctMapId, settings.xdpMode());
            Set<String> listed = listedInterfaces();
            for (String iface : attachments.scan()) {
                if (!listed.contains(iface)) {
                    LOG.info("{}: no installed service lists it any more; detaching", iface);
                    attachments.detach(iface);
                }
            }
            for (String iface : listed) {
                if (HostNetwork.ifindex(iface) == 0) {
                    LOG.warn("{}: listed by an installed service but missing; attached when it is applied again",
                            iface);
                } else {
                    attachments.attach(iface);
                }
            }
            HostNetwork.ensureForwarding(List.copyOf(listed));
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

    @Override
    public String description() {
        Map<String, org.ebpflb.bpf.libbpf.Xdp.Mode> on = attachments.attached();
        if (on.isEmpty()) {
            return "kernel (no interface attached)";
        }
        return "kernel (xdp " + on.entrySet().stream()
                .map(e -> e.getValue().name().toLowerCase(java.util.Locale.ROOT) + " on " + e.getKey())
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void apply(ServiceTables tables) {
        validate(tables);
        Service existing = services.get(tables.service());
        ServiceKey key = ServiceKey.of(tables.listen().address().orElse(null), tables.listen().port(),
                tables.listen().protocol());
        for (Service other : services.values()) {
            if (other != existing && key.equals(other.key)) {
                throw new IllegalArgumentException("service " + tables.service() + " listens where " + other.name
                        + " does (" + describe(key) + ")");
            }
        }
        if (existing == null) {
            existing = new Service(takeId(freeServiceIds, "services"), tables.service());
            maps.resetServiceStats(existing.id);
        }
        Service s = existing;
        services.put(s.name, s);

        // Backends first: tables may only point at written backends.
        Set<Endpoint> wanted = new LinkedHashSet<>();
        tables.groups().forEach(g -> wanted.addAll(g.backends()));
        for (Endpoint e : wanted) {
            if (!s.backends.containsKey(e)) {
                int id = takeBackendId();
                maps.resetBackendStats(id);
                maps.backends.put(id, new BackendValue(e, s.id));
                s.backends.put(e, id);
            }
        }

        // Groups: each changed table is written aside and flipped in.
        Map<Optional<Cidr>, Integer> before = new LinkedHashMap<>(s.groups);
        for (GroupTable g : tables.groups()) {
            Integer group = s.groups.get(g.source());
            if (group == null) {
                group = takeId(freeGroupIds, "target groups");
                maps.groupMeta.put(group, new GroupMeta(s.id, true, g.source()));
                s.groups.put(g.source(), group);
            }
            writeTable(group, backendIds(s, g));
        }
        boolean hasRoutes = false;
        for (GroupTable g : tables.groups()) {
            if (g.source().isPresent()) {
                maps.putSourceRoute(new SourceKey(s.id, g.source().get()), s.groups.get(g.source()));
                hasRoutes = true;
            }
        }
        Optional<Cidr> none = Optional.empty();
        int flags = (tables.hash() == HashMode.SOURCE_IP ? ServiceValue.HASH_SOURCE : 0)
                | (hasRoutes ? ServiceValue.SOURCE_ROUTES : 0);
        maps.services.put(key, new ServiceValue(s.id, flags, s.groups.get(none)));
        if (s.key != null && !s.key.equals(key)) {
            maps.services.delete(s.key);
        }
        s.key = key;

        // What the new tables no longer use goes last, after no packet can reach it.
        Set<Optional<Cidr>> keep = tables.groups().stream().map(GroupTable::source).collect(Collectors.toSet());
        for (Map.Entry<Optional<Cidr>, Integer> g : before.entrySet()) {
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
        List<String> previous = s.interfaces;
        s.interfaces = tables.listen().interfaces();
        maps.serviceMeta.put(s.id, new ServiceMeta(s.name, key, s.interfaces));
        reconcileInterfaces(previous);
        publishCounterIds();
        LOG.debug("applied {} ({} groups, {} backends)", s.name, s.groups.size(), s.backends.size());
    }

    @Override
    public void remove(String service) {
        Service s = services.remove(service);
        if (s == null) {
            return;
        }
        publishCounterIds();
        if (s.key != null) {
            maps.services.delete(s.key);
        }
        for (Map.Entry<Optional<Cidr>, Integer> g : s.groups.entrySet()) {
            g.getKey().ifPresent(c -> maps.deleteSourceRoute(new SourceKey(s.id, c)));
            freeGroup(g.getValue());
        }
        for (Endpoint e : List.copyOf(s.backends.keySet())) {
            freeBackend(s, e);
        }
        int flows = dropFlows(s.id);
        maps.serviceMeta.put(s.id, new ServiceMeta("", null, List.of()));
        freeServiceIds.add(s.id);
        reconcileInterfaces(s.interfaces);
        LOG.info("removed service {} ({} conntrack entries dropped)", service, flows);
    }

    @Override
    public Set<String> installed() {
        return Set.copyOf(services.keySet());
    }

    @Override
    public DataPlaneStats stats() {
        return new DataPlaneStats() {
            @Override
            public TrafficCounters service(String service) {
                CounterIds ids = counterIds.get(service);
                return ids == null ? TrafficCounters.ZERO : maps.serviceStats(ids.service());
            }

            @Override
            public Map<Endpoint, TrafficCounters> targets(String service) {
                CounterIds ids = counterIds.get(service);
                Map<Endpoint, TrafficCounters> out = new LinkedHashMap<>();
                if (ids != null) {
                    ids.backends().forEach((e, id) -> out.put(e, maps.backendStats(id)));
                }
                return out;
            }

            @Override
            public Map<String, Long> drops() {
                return maps.reasons();
            }

            @Override
            public TrafficSnapshot snapshot(Collection<String> services) {
                return KernelDataPlane.this.snapshot(services);
            }
        };
    }

    /** Reads every counter map once (three syscalls), however many services and backends are wanted. */
    private TrafficSnapshot snapshot(Collection<String> wanted) {
        Map<String, CounterIds> ids = counterIds;
        int serviceCount = 0;
        int backendCount = 0;
        for (CounterIds c : ids.values()) {
            serviceCount = Math.max(serviceCount, c.service() + 1);
            for (int b : c.backends().values()) {
                backendCount = Math.max(backendCount, b + 1);
            }
        }
        List<TrafficCounters> byService = maps.serviceStatsBatch(serviceCount);
        List<TrafficCounters> byBackend = maps.backendStatsBatch(backendCount);
        Map<String, TrafficSnapshot.ServiceTraffic> out = new LinkedHashMap<>();
        for (String name : wanted) {
            CounterIds c = ids.get(name);
            if (c != null) {
                Map<Endpoint, TrafficCounters> targets = new LinkedHashMap<>();
                c.backends().forEach((e, id) -> targets.put(e, byBackend.get(id)));
                out.put(name, new TrafficSnapshot.ServiceTraffic(byService.get(c.service()), targets));
            }
        }
        return new TrafficSnapshot(out, maps.reasons());
    }

    @Override
    public void close() {
        programs.close();
    }

    /** @return the maps, for tests in this module */
    LbMaps maps() {
        return maps;
    }

    private void publishCounterIds() {
        Map<String, CounterIds> ids = new LinkedHashMap<>();
        services.values().forEach(s -> ids.put(s.name, new CounterIds(s.id, copyInOrder(s.backends))));
        counterIds = Collections.unmodifiableMap(ids);
    }

    private static Map<Endpoint, Integer> copyInOrder(Map<Endpoint, Integer> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    // ---- tables ---------------------------------------------------------------------------------------------

    /** Writes a group's table into its spare half and flips lb_groups to it, unless the live table is equal. */
    private void writeTable(int group, int[] ids) {
        Integer live = liveTable.get(group);
        if (live != null && Arrays.equals(liveSlots(group, live), ids)) {
            return;
        }
        int aside = live == null ? 2 * group : live ^ 1;
        TableValue old = regions.remove(aside);
        if (old != null) {
            slots.release(old.base(), old.size());
        }
        TableValue region = new TableValue(slots.allocate(ids.length), ids.length);
        maps.writeSlots(region.base(), ids);
        maps.tables.put(aside, region);
        regions.put(aside, region);
        maps.groups.put(group, new GroupValue(aside));   // the flip: one map update
        liveTable.put(group, aside);
        liveSlots.put(group, ids.clone());
    }

    private int[] liveSlots(int group, int table) {
        return liveSlots.computeIfAbsent(group, g -> {
            TableValue r = regions.get(table);
            return r == null ? new int[0] : maps.readSlots(r.base(), r.size());
        });
    }

    private int[] backendIds(Service s, GroupTable g) {
        int[] raw = g.slots();
        int[] ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            ids[i] = raw[i] < 0 ? LbMaps.NO_BACKEND : s.backends.get(g.backends().get(raw[i]));
        }
        return ids;
    }

    private void freeGroup(int group) {
        maps.tables.put(2 * group, new TableValue(0, 0));
        maps.tables.put(2 * group + 1, new TableValue(0, 0));
        for (int t : new int[] {2 * group, 2 * group + 1}) {
            TableValue r = regions.remove(t);
            if (r != null) {
                slots.release(r.base(), r.size());
            }
        }
        liveTable.remove(group);
        liveSlots.remove(group);
        maps.groupMeta.put(group, new GroupMeta(0, false, Optional.empty()));
        freeGroupIds.add(group);
    }

    private void freeBackend(Service s, Endpoint e) {
        int id = s.backends.remove(e);
        maps.backends.put(id, new BackendValue(null, 0));
        freeBackendIds.addLast(id);
    }

    /** Deletes a removed service's conntrack entries so its flows stop being translated at once. */
    private int dropFlows(int serviceId) {
        int n = 0;
        for (CtKey k : maps.conntrack.keys()) {
            if (maps.conntrack.get(k).map(v -> v.serviceId() == serviceId).orElse(false)) {
                maps.conntrack.delete(k);
                n++;
            }
        }
        return n;
    }

    // ---- bookkeeping ------------------------------------------------------------------------------------------

    private void validate(ServiceTables t) {
        if (t.service().isEmpty() || t.service().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                >= ServiceMeta.NAME_LEN) {
            throw new IllegalArgumentException("service name '" + t.service() + "' must be 1-"
                    + (ServiceMeta.NAME_LEN - 1) + " bytes");
        }
        if (t.listen().address().isPresent() && !(t.listen().address().get() instanceof Inet4Address)) {
            throw new IllegalArgumentException("service " + t.service() + ": IPv6 listen addresses are not supported "
                    + "by the kernel data plane yet");
        }
        if (t.listen().interfaces().isEmpty() || t.listen().interfaces().size() > ServiceMeta.MAX_INTERFACES) {
            throw new IllegalArgumentException("service " + t.service() + " must listen on 1.."
                    + ServiceMeta.MAX_INTERFACES + " interfaces");
        }
        for (String iface : t.listen().interfaces()) {
            if (HostNetwork.ifindex(iface) == 0) {
                throw new IllegalArgumentException("service " + t.service() + ": interface " + iface
                        + " does not exist in this network namespace");
            }
        }
        if (t.groups().stream().filter(g -> g.source().isEmpty()).count() != 1) {
            throw new IllegalArgumentException("service " + t.service() + " needs exactly one default group");
        }
        for (GroupTable g : t.groups()) {
            if (g.slots().length == 0) {
                throw new IllegalArgumentException("service " + t.service() + " group " + g.group() + " has no table");
            }
            for (Endpoint e : g.backends()) {
                if (!(e.address() instanceof Inet4Address)) {
                    throw new IllegalArgumentException("service " + t.service() + ": IPv6 target " + e
                            + " is not supported by the kernel data plane yet");
                }
            }
            g.source().ifPresent(c -> {
                if (!(c.network() instanceof Inet4Address)) {
                    throw new IllegalArgumentException("service " + t.service() + ": IPv6 source route " + c
                            + " is not supported by the kernel data plane yet");
                }
            });
            for (int slot : g.slots()) {
                if (slot >= g.backends().size()) {
                    throw new IllegalArgumentException("service " + t.service() + " group " + g.group()
                            + ": slot points past its " + g.backends().size() + " backends");
                }
            }
        }
    }

    private void reconcileInterfaces(List<String> previous) {
        Set<String> listed = listedInterfaces();
        Set<String> attached = Set.copyOf(attachments.attached().keySet());
        for (String iface : listed) {
            if (!attached.contains(iface)) {
                attachments.attach(iface);
            }
        }
        for (String iface : previous) {
            if (!listed.contains(iface)) {
                attachments.detach(iface);
            }
        }
        if (!attached.containsAll(listed)) {
            HostNetwork.ensureForwarding(List.copyOf(listed));
        }
    }

    private Set<String> listedInterfaces() {
        Set<String> all = new LinkedHashSet<>();
        services.values().forEach(s -> all.addAll(s.interfaces));
        return all;
    }

    /** Rebuilds the Java view of what an earlier run installed, from the pinned maps. */
    private void readInstalledState() {
        Map<Integer, Service> byId = new HashMap<>();
        for (int id = 1; id < maps.serviceMeta.raw().maxEntries(); id++) {
            ServiceMeta m = maps.serviceMeta.get(id).orElseThrow();
            if (m.name().isEmpty()) {
                freeServiceIds.add(id);
                continue;
            }
            Service s = new Service(id, m.name());
            s.key = m.key();
            s.interfaces = m.interfaces();
            services.put(s.name, s);
            byId.put(id, s);
        }
        for (int g = 1; g < maps.groupMeta.raw().maxEntries(); g++) {
            GroupMeta m = maps.groupMeta.get(g).orElseThrow();
            Service s = m.inUse() ? byId.get(m.serviceId()) : null;
            if (s == null) {
                freeGroupIds.add(g);
                continue;
            }
            s.groups.put(m.source(), g);
            liveTable.put(g, maps.groups.get(g).orElseThrow().table());
            for (int t : new int[] {2 * g, 2 * g + 1}) {
                TableValue r = maps.tables.get(t).orElseThrow();
                if (r.size() > 0) {
                    slots.reserve(r.base(), r.size());
                    regions.put(t, r);
                }
            }
        }
        for (int b = 1; b < maps.backends.raw().maxEntries(); b++) {
            BackendValue v = maps.backends.get(b).orElseThrow();
            Service s = v.endpoint() == null ? null : byId.get(v.serviceId());
            if (s == null) {
                freeBackendIds.addLast(b);
            } else {
                s.backends.put(v.endpoint(), b);
            }
        }
        if (!services.isEmpty()) {
            LOG.info("reusing pinned state of {} service(s): {}", services.size(), services.keySet());
        }
    }

    private static int takeId(TreeSet<Integer> free, String what) {
        Integer id = free.pollFirst();
        if (id == null) {
            throw new IllegalStateException("the kernel data plane has no room for more " + what);
        }
        return id;
    }

    private int takeBackendId() {
        Integer id = freeBackendIds.pollFirst();
        if (id == null) {
            throw new IllegalStateException("the kernel data plane has no room for more backends");
        }
        return id;
    }

    private static String describe(ServiceKey k) {
        return (k.address() == null ? "*" : k.address().getHostAddress()) + ":" + k.port() + "/" + k.protocol();
    }

    private static Path pinDir(Path pinRoot, String instance) {
        return pinRoot.resolve("ebpf-lb").resolve(instance);
    }

    /** Pins that are not maps of this version (an older layout's leftovers) would confuse the next detach. */
    private static void removeStalePins(Path dir) {
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
}
