package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.dataplane.RateLimits.Scope;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.TestRun;
import org.ebpflb.bpf.libbpf.Xdp;
import org.ebpflb.bpf.maps.BucketKey;
import org.ebpflb.bpf.maps.BucketValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.RateLimitValue;
import org.ebpflb.bpf.maps.ServiceKey;
import org.ebpflb.bpf.maps.SourceKey;
import org.ebpflb.bpf.packet.Packet;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's {@link RateLimits} port on real pinned maps, with the attached XDP program fed by test_run: limits set
 * before a service exists, changes that keep the buckets, clear and remove, refusals, and a restart. Runs in a
 * namespace of its own (lbrl-*, 198.19.112.0/21) with its pins on a bpffs of its own.
 */
@PrivilegedTier("bpf")
class KernelRateLimitsBpfTest {
    private static final String PREFIX = "lbrl-kdp";
    private static final String INSTANCE = "lbrl-test";
    private static final String VIP = "198.19.112.1";
    private static final Endpoint BACKEND = Endpoint.parse("198.19.113.11:8080");
    private static final String CLIENT = "198.19.114.7";
    private static final Cidr ALLOWED = Cidr.parse("198.19.115.0/24");

    private VethNamespace ns;
    private Path pinRoot;

    @BeforeEach
    void namespace() throws Exception {
        ns = VethNamespace.create(PREFIX, PREFIX, VIP + "/24", "lbrl-a", "lbrl-b");
        pinRoot = ns.pinRoot("lbrl-pins", INSTANCE);
    }

    @AfterEach
    void teardown() throws Exception {
        ns.close();
    }

    @Test
    void limitsSetBeforeTheServiceApplyOnceItIsInstalledAndAChangeKeepsTheBuckets() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            RateLimits limits = dp.rateLimits().orElseThrow();
            limits.set("web", new Limits(Optional.of(new TokenBucket(100, 200)), 24,
                    Optional.of(new TokenBucket(1000, 2000)), List.of(ALLOWED)));
            dp.apply(web());
            LbMaps maps = dp.maps();
            int id = serviceId(maps);
            assertEquals(new RateLimitValue(100, 200, 1000, 2000, 24, true), maps.rateLimits.get(id).orElseThrow());
            assertEquals(Set.of(new SourceKey(id, ALLOWED)), new HashSet<>(maps.rateLimitAllow.keys()));

            assertEquals(2, syn(40000), "XDP_PASS");
            BucketKey key = new BucketKey(id, Cidr.parse("198.19.114.0/24"));
            BucketValue bucket = maps.sourceBuckets.get(key).orElseThrow();
            assertEquals(199 * BucketValue.SCALE, bucket.milliTokens(), "a new bucket starts full and pays one");

            limits.set("web", new Limits(Optional.of(new TokenBucket(5, 500)), 24, Optional.empty(), List.of()));
            assertEquals(new RateLimitValue(5, 500, 0, 0, 24, false), maps.rateLimits.get(id).orElseThrow());
            assertEquals(Optional.of(bucket), maps.sourceBuckets.get(key), "a limit change leaves the bucket alone");
            assertEquals(Set.of(), new HashSet<>(maps.rateLimitAllow.keys()), "the allow list went with the change");

            assertEquals(2, syn(40001));
            long tokens = maps.sourceBuckets.get(key).orElseThrow().milliTokens();
            assertTrue(tokens < 200 * BucketValue.SCALE, "the bucket went on from its 199 tokens at the new rate, "
                    + "not from a fresh 500: " + tokens);
        }
    }

    @Test
    void dropsAreCountedPerScopeAndClearOrRemoveTurnsTheLimitsOff() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            RateLimits limits = dp.rateLimits().orElseThrow();
            dp.apply(web());
            limits.set("web", new Limits(Optional.of(new TokenBucket(1, 1)), 32, Optional.empty(),
                    List.of(ALLOWED)));
            LbMaps maps = dp.maps();
            int id = serviceId(maps);
            assertEquals(2, syn(40000), "the burst of 1 admits the first SYN");
            assertEquals(1, syn(40001), "the second within a second is dropped (XDP_DROP)");
            assertEquals(Map.of(Scope.SOURCE, 1L, Scope.BACKEND, 0L), limits.dropped("web"));

            limits.clear("web");
            assertEquals(RateLimitValue.OFF, maps.rateLimits.get(id).orElseThrow());
            assertEquals(Set.of(), new HashSet<>(maps.rateLimitAllow.keys()));
            assertEquals(2, syn(40002), "no limit after clear");

            limits.set("web", new Limits(Optional.empty(), 32, Optional.of(new TokenBucket(1, 1)), List.of()));
            dp.remove("web");
            assertEquals(RateLimitValue.OFF, maps.rateLimits.get(id).orElseThrow(), "a removed service's id is clean");
            assertEquals(Map.of(Scope.SOURCE, 0L, Scope.BACKEND, 0L), maps.rateLimited(id), "counters reset");
            assertEquals(Map.of(Scope.SOURCE, 0L, Scope.BACKEND, 0L), limits.dropped("web"), "unknown service");
        }
    }

    @Test
    void ipv6AllowEntriesAndPrefixesLongerThanIpv4AreWrittenBesideIpv4Ones() {
        try (KernelDataPlane dp = new KernelDataPlane(settings())) {
            RateLimits limits = dp.rateLimits().orElseThrow();
            dp.apply(web());
            Cidr v6 = Cidr.parse("2001:db8:11::/48");
            limits.set("web", new Limits(Optional.of(new TokenBucket(10, 20)), 64, Optional.empty(),
                    List.of(ALLOWED, v6)));
            LbMaps maps = dp.maps();
            int id = serviceId(maps);
            assertEquals(new RateLimitValue(10, 20, 0, 0, 64, true), maps.rateLimits.get(id).orElseThrow());
            assertEquals(Set.of(new SourceKey(id, ALLOWED), new SourceKey(id, v6)),
                    new HashSet<>(maps.rateLimitAllow.keys()), "both families in the one trie, read back by family");
        }
    }

    @Test
    void pinnedLimitsAndBucketsSurviveARestart() {
        Limits set = new Limits(Optional.of(new TokenBucket(2, 50)), 32, Optional.empty(), List.of(ALLOWED));
        BucketKey key;
        BucketValue bucket;
        try (KernelDataPlane first = new KernelDataPlane(settings())) {
            first.rateLimits().orElseThrow().set("web", set);
            first.apply(web());
            assertEquals(2, syn(40000));
            key = new BucketKey(serviceId(first.maps()), Cidr.parse(CLIENT + "/32"));
            bucket = first.maps().sourceBuckets.get(key).orElseThrow();
        }
        try (KernelDataPlane second = new KernelDataPlane(settings())) {
            LbMaps maps = second.maps();
            int id = serviceId(maps);
            assertEquals(new RateLimitValue(2, 50, 0, 0, 32, true), maps.rateLimits.get(id).orElseThrow(),
                    "the pinned limits hold until the plugin sets them again");
            second.rateLimits().orElseThrow().set("web", set);
            second.apply(web());
            assertEquals(Optional.of(bucket), maps.sourceBuckets.get(key), "the bucket survived the restart");
            assertEquals(Set.of(new SourceKey(id, ALLOWED)), new HashSet<>(maps.rateLimitAllow.keys()));
            assertEquals(Map.of(Scope.SOURCE, 0L, Scope.BACKEND, 0L), second.rateLimits().orElseThrow().dropped("web"));
        }
        try (KernelDataPlane third = new KernelDataPlane(settings())) {
            third.apply(web());
            assertEquals(RateLimitValue.OFF, third.maps().rateLimits.get(serviceId(third.maps())).orElseThrow(),
                    "a start whose plugins set no limits turns them off");
            assertEquals(Set.of(), new HashSet<>(third.maps().rateLimitAllow.keys()));
        }
    }

    /** @return the attached program's verdict for a SYN from CLIENT:port */
    private static int syn(int port) {
        int fd = Fds.programById(Xdp.query(HostNetwork.ifindex("lbrl-a")).programId());
        try {
            return TestRun.run(fd, Packet.tcp().src(CLIENT, port).dst(VIP, 80).flags(Packet.SYN).build(), 1)
                    .verdict();
        } finally {
            Fds.close(fd);
        }
    }

    private static int serviceId(LbMaps maps) {
        return maps.services.get(ServiceKey.of(IpAddresses.parseLiteral(VIP), 80, Protocol.TCP)).orElseThrow().id();
    }

    private KernelDataPlane.Settings settings() {
        return new KernelDataPlane.Settings(pinRoot, INSTANCE, XdpMode.AUTO,
                LbPrograms.Sizes.DEFAULT.withConnections(1024).withTableSlots(65536).withRateLimitBuckets(1024),
                Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(5), false);
    }

    private static ServiceTables web() {
        return new ServiceTables("web", new ListenSpec(List.of("lbrl-a"), Optional.of(IpAddresses.parseLiteral(VIP)),
                80, Protocol.TCP), HashMode.FIVE_TUPLE,
                List.of(new GroupTable("default", Optional.empty(), List.of(BACKEND), new int[] {0, 0, 0})));
    }
}
