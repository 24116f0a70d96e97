package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.NetDevices;
import org.ebpflb.bpf.libbpf.Tc;
import org.ebpflb.bpf.libbpf.TestRun;
import org.ebpflb.bpf.libbpf.Xdp;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.GroupValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceKey;
import org.ebpflb.bpf.maps.ServicePorts;
import org.ebpflb.bpf.maps.ServiceValue;
import org.ebpflb.bpf.maps.SourceKey;
import org.ebpflb.bpf.maps.TableValue;
import org.ebpflb.bpf.packet.Packet;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelDataPlane} against real pinned maps and real attachments on a veth pair inside a namespace this test
 * creates (lbbpf-*, 198.18.200.0/24). No traffic is sent: packets are fed to the attached program with test_run.
 */
@PrivilegedTier("bpf")
class KernelDataPlaneBpfTest {
    private static final String PREFIX = "lbbpf-";
    private static final Path PIN_ROOT = Path.of("/sys/fs/bpf");
    private static final String INSTANCE = "lbbpf-test";
    private static final LbPrograms.Sizes SIZES = LbPrograms.Sizes.DEFAULT.withConnections(1024).withHalfOpen(1024)
            .withTableSlots(65536);
    private static final Endpoint B1 = Endpoint.parse("198.18.200.11:8080");
    private static final Endpoint B2 = Endpoint.parse("198.18.200.12:8080");
    private static final Endpoint B3 = Endpoint.parse("198.18.200.13:8080");

    private VethNamespace ns;

    @BeforeEach
    void namespace() throws Exception {
        KernelDataPlane.detach(PIN_ROOT, INSTANCE);
        ns = VethNamespace.create(PREFIX, PREFIX + "kdp", "198.18.200.1/24", "lbbpf-a", "lbbpf-b", "lbbpf-c",
                "lbbpf-d");
    }

    @AfterEach
    void teardown() throws Exception {
        try {
            KernelDataPlane.detach(PIN_ROOT, INSTANCE);
        } finally {
            ns.close();
        }
    }

    @Test
    void applyWritesAsideAndFlipsThenRemoveClears() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0, 1, 0, 1, 0}, B1, B2));
            LbMaps maps = dp.maps();
            ServiceValue sv = maps.services.get(webKey()).orElseThrow();
            int group = sv.defaultGroup();
            assertEquals(2 * group, maps.groups.get(group).orElseThrow().table(), "first table goes to half 0");
            int b1 = backendId(maps, B1);
            int b2 = backendId(maps, B2);
            assertArrayEquals(new int[] {b1, b2, b1, b2, b1}, slots(maps, group));
            assertTrue(attachedXdp("lbbpf-a") != 0, "XDP attached to the listen interface");
            assertTrue(Tc.queryEgress(ifindex("lbbpf-a"), Attachments.TC_HANDLE, Attachments.TC_PRIORITY) != 0);

            dp.apply(web(new int[] {1, 1, 1, 0, 0}, B1, B2));
            assertEquals(2 * group + 1, maps.groups.get(group).orElseThrow().table(), "changed table flips to half 1");
            assertArrayEquals(new int[] {b2, b2, b2, b1, b1}, slots(maps, group));
            TableValue before = maps.tables.get(2 * group + 1).orElseThrow();

            dp.apply(web(new int[] {1, 1, 1, 0, 0}, B1, B2));
            assertEquals(new GroupValue(2 * group + 1), maps.groups.get(group).orElseThrow(), "unchanged: no flip");
            assertEquals(before, maps.tables.get(2 * group + 1).orElseThrow());

            Cidr route = Cidr.parse("198.18.50.0/24");
            dp.apply(new ServiceTables("web", listen("lbbpf-a"), HashMode.FIVE_TUPLE, List.of(
                    new GroupTable("default", Optional.empty(), List.of(B1, B2), new int[] {1, 1, 1, 0, 0}),
                    new GroupTable("source:" + route, Optional.of(route), List.of(B3), new int[] {0, 0, 0}))));
            ServiceValue withRoute = maps.services.get(webKey()).orElseThrow();
            assertEquals(ServiceValue.SOURCE_ROUTES, withRoute.flags() & ServiceValue.SOURCE_ROUTES);
            int routeGroup = org.ebpflb.bpf.maps.TypedMap.index(
                    maps.sourceRoutes.lookup(new SourceKey(withRoute.id(), route).encode()).orElseThrow());
            int b3 = backendId(maps, B3);
            assertArrayEquals(new int[] {b3, b3, b3}, slots(maps, routeGroup));
            assertEquals(Set.of("web"), dp.installed());
            assertEquals(route, dp.tables("web").orElseThrow().groups().get(1).source().orElseThrow());

            dp.remove("web");
            assertTrue(maps.services.get(webKey()).isEmpty(), "service key removed");
            assertTrue(maps.sourceRoutes.lookup(new SourceKey(withRoute.id(), route).encode()).isEmpty());
            assertTrue(maps.backends.get(b1).orElseThrow().endpoint() == null, "backend slot freed");
            assertEquals(Set.of(), dp.installed());
            assertEquals(Optional.empty(), dp.tables("web"));
            assertEquals(0, attachedXdp("lbbpf-a"), "no service lists lbbpf-a: detached");
        }
    }

    @Test
    void autoAttachesGenericOnAVethAndSaysWhyWhileNativeStaysNative() {
        assertEquals(Optional.of("veth"), NetDevices.driver("lbbpf-a"));
        assertEquals(Optional.empty(), NetDevices.driver("lo"), "loopback answers no driver information");
        assertEquals(Optional.empty(), NetDevices.driver("lbbpf-absent"));
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0, 0, 0}, B1));
            assertEquals(Xdp.Mode.GENERIC, Xdp.query(ifindex("lbbpf-a")).mode());
            assertTrue(dp.description().contains("xdp generic (auto on a veth) on lbbpf-a"), dp.description());
        }
        KernelDataPlane.detach(PIN_ROOT, INSTANCE);
        KernelDataPlane.Settings nativeMode = new KernelDataPlane.Settings(PIN_ROOT, INSTANCE, XdpMode.NATIVE, SIZES,
                Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(5), false);
        try (KernelDataPlane dp = new KernelDataPlane(nativeMode)) {
            dp.apply(web(new int[] {0, 0, 0}, B1));
            assertEquals(Xdp.Mode.NATIVE, Xdp.query(ifindex("lbbpf-a")).mode());
            assertTrue(dp.description().contains("xdp native on lbbpf-a"), dp.description());
        }
    }

    @Test
    void servedPortsFollowTheServicesAndComeBackAtRestart() {
        ListenSpec other = new ListenSpec(List.of("lbbpf-a"), Optional.of(IpAddresses.parseLiteral("198.18.200.2")),
                80, Protocol.TCP);
        ListenSpec moved = new ListenSpec(List.of("lbbpf-a"), Optional.of(IpAddresses.parseLiteral("198.18.200.1")),
                8443, Protocol.TCP);
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            ServicePorts ports = dp.maps().servicePorts;
            dp.apply(web(new int[] {0, 0, 0}, B1));
            dp.apply(new ServiceTables("api", other, HashMode.FIVE_TUPLE,
                    List.of(new GroupTable("default", Optional.empty(), List.of(B2), new int[] {0, 0, 0}))));
            assertTrue(ports.served(80, Protocol.TCP));
            assertFalse(ports.served(80, Protocol.UDP), "a bit per protocol");

            dp.remove("api");
            assertTrue(ports.served(80, Protocol.TCP), "web still listens on 80");
            dp.apply(new ServiceTables("web", moved, HashMode.FIVE_TUPLE,
                    List.of(new GroupTable("default", Optional.empty(), List.of(B1), new int[] {0, 0, 0}))));
            assertTrue(ports.served(8443, Protocol.TCP));
            assertTrue(ports.served(80, Protocol.TCP), "flows opened on the old port go on through conntrack");

            ports.set(8443, Protocol.TCP, false);  // as pins of a release without the port map would have it
        }
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            assertTrue(dp.maps().servicePorts.served(8443, Protocol.TCP), "recovered services mark their ports");
            dp.remove("web");
            assertFalse(dp.maps().servicePorts.served(8443, Protocol.TCP), "no service left there");
        }
    }

    @Test
    void refusedTablesLeaveTheKernelAndTheRecordAsTheyWere() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            ServiceTables good = web(new int[] {0, 1, 0}, B1, B2);
            dp.apply(good);
            int group = dp.maps().services.get(webKey()).orElseThrow().defaultGroup();
            int[] before = slots(dp.maps(), group);

            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> dp.apply(web(new int[] {0, 2, 0}, B1, B2)));

            assertTrue(e.getMessage().contains("slot points past its 2 backends"), e.getMessage());
            assertArrayEquals(before, slots(dp.maps(), group));
            assertEquals(Optional.of(good), dp.tables("web"));
        }
    }

    @Test
    void anIpv6WildcardServiceBesideAnIpv4OneOnThePortBalancesItsFamilyOnly() {
        Endpoint v6 = Endpoint.parse("[2001:db8:11::11]:8080");
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(new ServiceTables("web", new ListenSpec(List.of("lbbpf-a"), Optional.empty(), 80, Protocol.TCP),
                    HashMode.FIVE_TUPLE, List.of(new GroupTable("default", Optional.empty(), List.of(B1),
                    new int[] {0, 0, 0}))));
            dp.apply(new ServiceTables("web6", new ListenSpec(List.of("lbbpf-a"), Optional.empty(), 80, Protocol.TCP),
                    HashMode.FIVE_TUPLE, List.of(new GroupTable("default", Optional.empty(), List.of(v6),
                    new int[] {0, 0, 0}))));
            assertTrue(dp.maps().services.get(ServiceKey.of(null, true, 80, Protocol.TCP)).isPresent(),
                    "an IPv6 wildcard key, apart from the IPv4 one");
            Packet syn6 = Packet.tcp().src("2001:db8:10::7", 40000).dst("2001:db8:10::1", 80).flags(Packet.SYN);
            Packet syn4 = Packet.tcp().src("198.18.0.10", 40000).dst("198.18.200.1", 80).flags(Packet.SYN);
            int fd = Fds.programById(attachedXdp("lbbpf-a"));
            try {
                assertArrayEquals(syn6.copy().dst("2001:db8:11::11", 8080).build(), TestRun.run(fd, syn6.build(), 1)
                        .packet());
                assertArrayEquals(syn4.copy().dst("198.18.200.11", 8080).build(), TestRun.run(fd, syn4.build(), 1)
                        .packet());
            } finally {
                Fds.close(fd);
            }
            assertEquals(1, dp.stats().service("web6").connectionsNew());
            assertEquals(1, dp.stats().service("web").connectionsNew());

            ServiceTables mixed = new ServiceTables("web6", new ListenSpec(List.of("lbbpf-a"),
                    Optional.of(IpAddresses.parseLiteral("2001:db8:10::1")), 80, Protocol.TCP), HashMode.FIVE_TUPLE,
                    List.of(new GroupTable("default", Optional.empty(), List.of(v6, B1), new int[] {0, 1, 0})));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> dp.apply(mixed));
            assertTrue(e.getMessage().contains("IPv4 target 198.18.200.11:8080 in an IPv6 service"), e.getMessage());
            ServiceTables anycast = new ServiceTables("web6", new ListenSpec(List.of("lbbpf-a"), Optional.empty(), 80,
                    Protocol.TCP), HashMode.FIVE_TUPLE, List.of(new GroupTable("default", Optional.empty(),
                    List.of(Endpoint.parse("[2001:db8::]:8080")), new int[] {0})));  // never sent to
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> dp.apply(anycast));
            assertTrue(e.getMessage().contains("subnet-router anycast"), e.getMessage());
            assertEquals(List.of(v6), dp.tables("web6").orElseThrow().groups().get(0).backends(),
                    "the refused tables changed nothing");
        }
    }

    @Test
    void countersAreSummedFromTheAttachedProgram() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0, 0, 0}, B1));
            Packet syn = Packet.tcp().src("198.18.0.10", 40000).dst("198.18.200.1", 80).flags(Packet.SYN);
            int fd = Fds.programById(attachedXdp("lbbpf-a"));
            try {
                TestRun.Result r = TestRun.run(fd, syn.build(), 1);
                assertEquals(2, r.verdict(), "XDP_PASS");
                assertArrayEquals(syn.copy().dst("198.18.200.11", 8080).build(), r.packet());
                TestRun.run(fd, Packet.tcp().dst("198.18.200.1", 81).build(), 1);
            } finally {
                Fds.close(fd);
            }
            long bytes = syn.build().length - 14;
            TrafficCounters one = new TrafficCounters(1, 0, bytes, 0, 1, 0, 0, 0);  // a SYN: half-open, not active
            assertEquals(one, dp.stats().service("web"));
            assertEquals(java.util.Map.of(B1, one), dp.stats().targets("web"));
            assertEquals(new ConntrackStats(1024, 0, 1024, 1, 0, 0, 0), dp.stats().conntrack());
            assertEquals(1L, dp.stats().drops().get("no-service"));
            assertEquals(new TrafficSnapshot(java.util.Map.of("web", new TrafficSnapshot.ServiceTraffic(one,
                    java.util.Map.of(B1, one))), dp.stats().drops()), dp.stats().snapshot(List.of("web", "absent")),
                    "the batch read of every counter map agrees with the per-series reads");
            assertTrue(dp.description().contains("on lbbpf-a"), dp.description());
        }
    }

    @Test
    void countersCanBeReadFromAnotherThreadWhileServicesChange() throws Exception {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0, 1, 0}, B1, B2));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            // as the admin API and plugins do, while the reconcile thread (this one) adds and removes backends
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        dp.stats().targets("web");
                        dp.stats().service("web");
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            try {
                for (int i = 0; i < 300 && failure.get() == null; i++) {
                    dp.apply(i % 2 == 0 ? web(new int[] {0, 1, 2}, B1, B2, B3) : web(new int[] {0, 1, 0}, B1, B2));
                    if (i % 50 == 0) {
                        dp.remove("web");
                    }
                }
            } finally {
                done.set(true);
                reader.join();
            }
            assertNull(failure.get(), "reading counters failed after " + reads.get() + " reads");
            assertTrue(reads.get() > 0);
            assertEquals(Set.of(B1, B2), dp.stats().targets("web").keySet());
        }
    }

    @Test
    void pinnedStateAndConnectionsSurviveARestartAndProgramsAreReplacedInPlace() {
        CtKey flow = new CtKey(IpAddresses.parseLiteral("198.18.0.10"), IpAddresses.parseLiteral("198.18.200.1"),
                40000, 80, 6);
        int firstProgram;
        try (KernelDataPlane first = new KernelDataPlane(settings())) {
            first.apply(web(new int[] {0, 1, 0}, B1, B2));
            first.maps().conntrack.put(flow, new CtValue(B2.address(), B2.port(), CtValue.ESTABLISHED,
                    CtValue.FORWARD, 1, 2, System.nanoTime()));
            firstProgram = attachedXdp("lbbpf-a");
        }
        assertNotEquals(0, attachedXdp("lbbpf-a"), "closing the control plane leaves the data plane running");
        try (KernelDataPlane second = new KernelDataPlane(settings())) {
            assertEquals(Set.of("web"), second.installed());
            assertEquals(B2, second.maps().conntrack.get(flow).map(v -> new Endpoint(v.natAddr(), v.natPort()))
                    .orElseThrow(), "conntrack entry survived");
            int secondProgram = attachedXdp("lbbpf-a");
            assertNotEquals(firstProgram, secondProgram, "new program replaced the old one");
            assertTrue(Fds.programInfo(secondProgram).usesMap(Fds.mapId(second.maps().conntrack.raw().fd())),
                    "the new program uses the pinned maps");
            assertEquals(Optional.empty(), second.tables("web"), "an earlier run's tables are not known yet");
            int group = second.maps().services.get(webKey()).orElseThrow().defaultGroup();
            GroupValue live = second.maps().groups.get(group).orElseThrow();
            second.apply(web(new int[] {0, 1, 0}, B1, B2));   // same tables: reused groups and backends
            assertEquals(1, second.maps().services.keys().size());
            assertEquals(live, second.maps().groups.get(group).orElseThrow(), "the kernel held them already: no flip");
            assertEquals(Optional.of(web(new int[] {0, 1, 0}, B1, B2)), second.tables("web"));
        }
    }

    @Test
    void aBackendsServiceAddressInLbReverseStaysPutAndItsFlowsKeepTheirRepliesWhenItMoves() {
        ServiceKey altKey = ServiceKey.of(IpAddresses.parseLiteral("198.18.200.1"), 81, Protocol.TCP);
        ServiceKey wildKey = ServiceKey.of(null, 82, Protocol.TCP);
        Packet webSyn = Packet.tcp().src("198.18.0.10", 40000).dst("198.18.200.1", 80).flags(Packet.SYN);
        Packet altSyn = Packet.tcp().src("198.18.0.10", 40001).dst("198.18.200.1", 81).flags(Packet.SYN);
        Packet webReply = Packet.tcp().src("198.18.200.12", 8080).dst("198.18.0.10", 40000).flags(Packet.SYN
                | Packet.ACK);
        Packet altReply = webReply.copy().dst("198.18.0.10", 40001);
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            LbMaps maps = dp.maps();
            dp.apply(web(new int[] {1, 1, 1}, B1, B2));
            dp.apply(service("alt", Optional.of("198.18.200.1"), 81, B2, B3));
            dp.apply(service("wild", Optional.empty(), 82, B3));
            assertEquals(Map.of(backendKey(B1), webKey(), backendKey(B2), webKey(), backendKey(B3), altKey),
                    reverseMap(maps), "B2 stays with the service that had it; a wildcard service is never chosen");
            assertTrue(maps.services.get(wildKey).isPresent());

            int xdp = Fds.programById(attachedXdp("lbbpf-a"));
            int tc = Fds.programById(Tc.queryEgress(ifindex("lbbpf-a"), Attachments.TC_HANDLE,
                    Attachments.TC_PRIORITY));
            try {
                TestRun.run(xdp, webSyn.build(), 1);
                TestRun.run(xdp, altSyn.build(), 1);
                assertEquals(3, maps.pending.keys().size(), "web's flow has one entry, alt's two");
                assertArrayEquals(webReply.copy().src("198.18.200.1", 80).build(),
                        TestRun.run(tc, webReply.build(), 1).packet());
                assertArrayEquals(altReply.copy().src("198.18.200.1", 81).build(),
                        TestRun.run(tc, altReply.build(), 1).packet());

                dp.apply(web(new int[] {0, 0, 0}, B1));   // B2 leaves web; web's flow to it goes on
                assertEquals(altKey, reverseMap(maps).get(backendKey(B2)), "B2 now belongs to alt only");
                CtKey webFlow = new CtKey(IpAddresses.parseLiteral("198.18.0.10"),
                        IpAddresses.parseLiteral("198.18.200.1"), 40000, 80, 6);
                assertTrue(maps.pending.get(webFlow).orElseThrow().reverseEntry(), "web's flow is marked");
                assertEquals(new Endpoint(IpAddresses.parseLiteral("198.18.200.1"), 80), maps.pending.get(new CtKey(
                        B2.address(), IpAddresses.parseLiteral("198.18.0.10"), 8080, 40000, 6))
                        .map(v -> new Endpoint(v.natAddr(), v.natPort())).orElseThrow(), "and has its reverse entry");
                assertArrayEquals(webReply.copy().src("198.18.200.1", 80).build(),
                        TestRun.run(tc, webReply.build(), 1).packet(), "web's replies still leave from :80");
                assertArrayEquals(altReply.copy().src("198.18.200.1", 81).build(),
                        TestRun.run(tc, altReply.build(), 1).packet(), "alt's from :81");

                dp.remove("alt");
                assertEquals(Map.of(backendKey(B1), webKey()), reverseMap(maps), "gone with the last service using them");
            } finally {
                Fds.close(xdp);
                Fds.close(tc);
            }
        }
    }

    /** A service whose every slot is its first backend. */
    private static ServiceTables service(String name, Optional<String> address, int port, Endpoint... backends) {
        int[] slots = new int[3];
        return new ServiceTables(name, new ListenSpec(List.of("lbbpf-a"), address.map(IpAddresses::parseLiteral),
                port, Protocol.TCP), HashMode.FIVE_TUPLE, List.of(new GroupTable("default", Optional.empty(),
                List.of(backends), slots)));
    }

    private static ServiceKey backendKey(Endpoint backend) {
        return ServiceKey.of(backend.address(), backend.port(), Protocol.TCP);
    }

    private static Map<ServiceKey, ServiceKey> reverseMap(LbMaps maps) {
        Map<ServiceKey, ServiceKey> m = new java.util.HashMap<>();
        maps.reverse.keys().forEach(k -> m.put(k, maps.reverse.get(k).orElseThrow()));
        return m;
    }

    @Test
    void forgetDeletesBothEntriesOfOneBackendsFlowsOnly() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0, 1, 0}, B1, B2));
            LbMaps maps = dp.maps();
            int service = maps.services.get(webKey()).orElseThrow().id();
            List<CtKey> b1 = flow(maps, service, backendId(maps, B1), B1, 40001);
            List<CtKey> b1Again = flow(maps, service, backendId(maps, B1), B1, 40002);
            List<CtKey> b2 = flow(maps, service, backendId(maps, B2), B2, 40003);
            assertEquals(2, dp.forget("web", B1), "two flows of B1");
            for (CtKey k : List.of(b1.get(0), b1.get(1), b1Again.get(0), b1Again.get(1))) {
                assertTrue(maps.conntrack.get(k).isEmpty(), "forgotten: " + k);
            }
            for (CtKey k : b2) {
                assertTrue(maps.conntrack.get(k).isPresent(), "B2's flow stays: " + k);
            }
            assertEquals(0, dp.forget("web", B3), "not a backend of web");
            assertEquals(0, dp.forget("nope", B1), "no such service");
        }
    }

    @Test
    void drainsAreKeptInThePinnedMapsAcrossARestart() {
        DrainStore.Entry drain = new DrainStore.Entry("web", B2, Instant.ofEpochMilli(1_700_000_000_123L),
                Duration.ofSeconds(45), true);
        try (KernelDataPlane first = new KernelDataPlane(settings())) {
            first.apply(web(new int[] {0, 1, 0}, B1, B2));
            first.save(drain);
            first.save(new DrainStore.Entry("web", B1, Instant.ofEpochMilli(1), Duration.ofSeconds(1), false));
            first.delete("web", B1);
        }
        try (KernelDataPlane second = new KernelDataPlane(settings())) {
            assertEquals(List.of(drain), second.entries());
            second.delete("web", B2);
            assertEquals(List.of(), second.entries());
        }
    }

    /** Writes a flow's forward and reverse conntrack entries as the XDP program would; returns their keys. */
    private static List<CtKey> flow(LbMaps maps, int service, int backend, Endpoint target, int clientPort) {
        InetAddress client = IpAddresses.parseLiteral("198.18.0.10");
        InetAddress vip = IpAddresses.parseLiteral("198.18.200.1");
        CtKey forward = new CtKey(client, vip, clientPort, 80, 6);
        CtKey reverse = new CtKey(target.address(), client, target.port(), clientPort, 6);
        maps.conntrack.put(forward, new CtValue(target.address(), target.port(), CtValue.ESTABLISHED, CtValue.FORWARD,
                service, backend, System.nanoTime()));
        maps.conntrack.put(reverse, new CtValue(vip, 80, 0, CtValue.REVERSE, service, backend, System.nanoTime()));
        return List.of(forward, reverse);
    }

    @Test
    void startDetachesThisInstanceFromInterfacesNoServiceLists() {
        try (KernelDataPlane first = new KernelDataPlane(settings())) {
            first.apply(web(new int[] {0}, B1));
        }
        // A leftover: this instance's program on lbbpf-c, e.g. from a run killed between attach and bookkeeping.
        try (LbPrograms leftover = LbPrograms.load(SIZES,
                Optional.of(PIN_ROOT.resolve("ebpf-lb").resolve(INSTANCE)))) {
            Xdp.attach(ifindex("lbbpf-c"), leftover.xdpFd(), Xdp.Mode.GENERIC, -1);
        }
        assertNotEquals(0, attachedXdp("lbbpf-c"));
        try (KernelDataPlane second = new KernelDataPlane(settings())) {
            assertEquals(0, attachedXdp("lbbpf-c"), "stale attachment detached");
            assertNotEquals(0, attachedXdp("lbbpf-a"), "listed interface still attached");
        }
    }

    @Test
    void detachRemovesProgramsAndPins() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            dp.apply(web(new int[] {0}, B1));
        }
        List<String> done = KernelDataPlane.detach(PIN_ROOT, INSTANCE);
        assertTrue(done.contains("detached from lbbpf-a"), done.toString());
        assertEquals(0, attachedXdp("lbbpf-a"));
        assertEquals(0, Tc.queryEgress(ifindex("lbbpf-a"), Attachments.TC_HANDLE, Attachments.TC_PRIORITY));
        assertFalse(Files.exists(PIN_ROOT.resolve("ebpf-lb").resolve(INSTANCE)), "pins removed");
    }

    @Test
    void pinnedMapsOfAnotherSizeAreRefusedWithTheWayOut() {
        new KernelDataPlane(settings()).close();
        KernelDataPlane.Settings bigger = new KernelDataPlane.Settings(PIN_ROOT, INSTANCE, XdpMode.AUTO,
                SIZES.withConnections(2048), Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(5), false);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new KernelDataPlane(bigger));
        assertTrue(e.getMessage().contains("lb stop --detach"), e.getMessage());
    }

    @Test
    void mountsABpffsWhenThePinRootIsNotOne() throws Exception {
        Path root = ns.pinRoot("lbbpf-pins", INSTANCE);  // detached, unmounted and deleted by the teardown
        try (KernelDataPlane dp = new KernelDataPlane(settings(root))) {
            assertEquals("bpf", HostNetwork.fsType(root));
            assertTrue(Files.exists(root.resolve("ebpf-lb").resolve(INSTANCE).resolve("lb_conntrack")));
        }
    }

    @Test
    void anotherInstancesProgramsAreNotReplacedUnlessTakingOver() {
        String other = INSTANCE + "-b";
        try (KernelDataPlane first = new KernelDataPlane(settings())) {
            first.apply(web(new int[] {0, 0, 0}, B1));
            int xdp = attachedXdp("lbbpf-a");
            int tc = Tc.queryEgress(ifindex("lbbpf-a"), Attachments.TC_HANDLE, Attachments.TC_PRIORITY);

            try (KernelDataPlane second = new KernelDataPlane(settings(PIN_ROOT, other, false))) {
                IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> second.apply(web(new int[] {0, 0, 0}, B2)));
                assertTrue(e.getMessage().contains("interface lbbpf-a already runs the XDP program (id " + xdp
                        + ") of another ebpf-lb instance"), e.getMessage());
            }
            assertEquals(xdp, attachedXdp("lbbpf-a"), "the first instance keeps its XDP program");
            assertEquals(tc, Tc.queryEgress(ifindex("lbbpf-a"), Attachments.TC_HANDLE, Attachments.TC_PRIORITY),
                    "and its tc program");

            try (KernelDataPlane taking = new KernelDataPlane(settings(PIN_ROOT, other, true))) {
                taking.apply(web(new int[] {0, 0, 0}, B2));
                assertNotEquals(xdp, attachedXdp("lbbpf-a"), "--take-over replaced it");
            }
        } finally {
            KernelDataPlane.detach(PIN_ROOT, other);
        }
    }

    @Test
    void aNonEmptyOrdinaryPinRootIsRefusedNotMountedOver() throws Exception {
        Path root = Files.createTempDirectory("lbbpf-pins");
        Path kept = Files.writeString(root.resolve("keep.txt"), "operator data");
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new KernelDataPlane(settings(root)));
            assertTrue(e.getMessage().startsWith("pin-root " + root + " is not a bpffs and not empty"), e.getMessage());
            assertNotEquals("bpf", HostNetwork.fsType(root));
            assertEquals("operator data", Files.readString(kept));
        } finally {
            Files.delete(kept);
            Files.delete(root);
        }
    }

    private static KernelDataPlane.Settings settings() {
        return settings(PIN_ROOT);
    }

    private static KernelDataPlane.Settings settings(Path pinRoot) {
        return settings(pinRoot, INSTANCE, false);
    }

    private static KernelDataPlane.Settings settings(Path pinRoot, String instance, boolean takeOver) {
        return new KernelDataPlane.Settings(pinRoot, instance, XdpMode.AUTO, SIZES, Duration.ofSeconds(300),
                Duration.ofSeconds(30), Duration.ofSeconds(5), takeOver);
    }

    private static ServiceTables web(int[] slots, Endpoint... backends) {
        return new ServiceTables("web", listen("lbbpf-a"), HashMode.FIVE_TUPLE,
                List.of(new GroupTable("default", Optional.empty(), List.of(backends), slots)));
    }

    private static ListenSpec listen(String iface) {
        return new ListenSpec(List.of(iface), Optional.of(IpAddresses.parseLiteral("198.18.200.1")), 80, Protocol.TCP);
    }

    private static ServiceKey webKey() {
        return ServiceKey.of(IpAddresses.parseLiteral("198.18.200.1"), 80, Protocol.TCP);
    }

    private static int backendId(LbMaps maps, Endpoint e) {
        for (int id = 1; id < 64; id++) {
            if (e.equals(maps.backends.get(id).orElseThrow().endpoint())) {
                return id;
            }
        }
        throw new AssertionError("backend " + e + " not in lb_backends");
    }

    private static int[] slots(LbMaps maps, int group) {
        TableValue t = maps.tables.get(maps.groups.get(group).orElseThrow().table()).orElseThrow();
        return maps.readSlots(t.base(), t.size());
    }

    private static int ifindex(String dev) {
        return HostNetwork.ifindex(dev);
    }

    private static int attachedXdp(String dev) {
        return Xdp.query(ifindex(dev)).programId();
    }
}
