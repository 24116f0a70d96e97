package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.TestRun;
import org.ebpflb.bpf.libbpf.Xdp;
import org.ebpflb.bpf.packet.Packet;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelBackendSelector} picks what the XDP program picks: tables applied through {@link KernelDataPlane}, then
 * for 10,000 random new flows over five services (IPv4 and IPv6, TCP and UDP, five-tuple and source-ip hashing, a few
 * empty slots) the backend the attached program rewrote the SYN (or datagram) to, run with BPF_PROG_TEST_RUN, against
 * the selector's choice from the same {@link ServiceTables}. On a veth pair in a namespace of its own
 * ({@code lbhy-sel}, 198.18.240.0/21, 2001:db8:10::/48) with its pins under a bpffs of its own; no packet leaves the
 * test.
 */
@PrivilegedTier("bpf")
class KernelBackendSelectorBpfTest {
    private static final String PREFIX = "lbhy-";
    private static final String INSTANCE = "lbhy-selector";
    private static final int FLOWS = 10_000;
    private static final String VIP = "198.18.240.1";
    private static final String VIP6 = "2001:db8:10::1";
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    private final Random random = new Random(20261203);
    private VethNamespace ns;
    private Path pinRoot;

    @BeforeEach
    void namespace() throws Exception {
        ns = VethNamespace.create(PREFIX, PREFIX + "sel", VIP + "/21", "lbhy-a", "lbhy-b");
        pinRoot = ns.pinRoot("lbhy-pins", INSTANCE);
    }

    @AfterEach
    void teardown() throws Exception {
        ns.close();
    }

    @Test
    void theSelectorPicksWhatTheXdpProgramPicksForEveryFlow() {
        List<ServiceTables> services = List.of(
                service("web", 80, Protocol.TCP, HashMode.FIVE_TUPLE, 7, 4093),
                service("sticky", 81, Protocol.TCP, HashMode.SOURCE_IP, 5, 1021),
                service("dns", 53, Protocol.UDP, HashMode.FIVE_TUPLE, 3, 251),
                service("web6", 80, Protocol.TCP, HashMode.FIVE_TUPLE, 7, 4093),
                service("sticky6", 81, Protocol.TCP, HashMode.SOURCE_IP, 5, 1021));
        Map<String, ServiceTables> byName = services.stream()
                .collect(Collectors.toMap(ServiceTables::service, Function.identity()));
        KernelBackendSelector selector = new KernelBackendSelector(() -> byName);
        try (KernelDataPlane dp = new KernelDataPlane(new KernelDataPlane.Settings(pinRoot, INSTANCE,
                XdpMode.GENERIC, LbPrograms.Sizes.DEFAULT.withConnections(FLOWS).withHalfOpen(FLOWS)
                        .withTableSlots(65536), Duration.ofSeconds(300), Duration.ofSeconds(30),
                Duration.ofSeconds(5), false))) {
            services.forEach(dp::apply);
            int fd = Fds.programById(Xdp.query(HostNetwork.ifindex("lbhy-a")).programId());
            try {
                for (int i = 0; i < FLOWS; i++) {
                    ServiceTables service = services.get(random.nextInt(services.size()));
                    String client = ipv6(service)
                            ? "2001:db8:10:" + Integer.toHexString(random.nextInt(65536)) + "::"
                                    + Integer.toHexString(1 + random.nextInt(65535))
                            : "198.18." + (244 + random.nextInt(4)) + "." + (1 + random.nextInt(254));
                    int port = 1024 + random.nextInt(64512);
                    Optional<Endpoint> kernel = kernelChoice(fd, service, client, port);
                    Optional<Endpoint> user = selector.select(service.service(), "default",
                            IpAddresses.parseLiteral(client), port);
                    assertEquals(kernel, user, service.service() + " flow from " + client + ":" + port);
                }
            } finally {
                Fds.close(fd);
            }
        }
    }

    /** The backend the attached XDP program rewrites a new flow's first packet to; empty when it drops it. */
    private static Optional<Endpoint> kernelChoice(int fd, ServiceTables service, String client, int port) {
        Packet first = (service.listen().protocol() == Protocol.TCP ? Packet.tcp().flags(Packet.SYN) : Packet.udp())
                .src(client, port).dst(ipv6(service) ? VIP6 : VIP, service.listen().port());
        TestRun.Result r = TestRun.run(fd, first.build(), 1);
        if (r.verdict() == XDP_DROP) {
            return Optional.empty(); // the slot has no backend
        }
        assertEquals(XDP_PASS, r.verdict(), "verdict for " + client + ":" + port);
        byte[] out = r.packet();
        int dstAt = ipv6(service) ? 14 + 24 : 14 + 16;
        int l4 = ipv6(service) ? 14 + 40 : 14 + 20;
        byte[] dst = java.util.Arrays.copyOfRange(out, dstAt, dstAt + (ipv6(service) ? 16 : 4));
        int dport = (out[l4 + 2] & 0xff) << 8 | (out[l4 + 3] & 0xff);
        try {
            return Optional.of(new Endpoint(InetAddress.getByAddress(dst), dport));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A service whose default group is a random table over random weights, a few slots left empty. */
    private ServiceTables service(String name, int port, Protocol protocol, HashMode hash, int backends, int size) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int b = 1; b <= backends; b++) {
            endpoints.add(name.endsWith("6") ? backend6(port * 16 + b) : backend(port * 16 + b));
        }
        int[] slots = new int[size];
        for (int i = 0; i < size; i++) {
            slots[i] = random.nextInt(50) == 0 ? -1 : random.nextInt(backends);
        }
        return new ServiceTables(name, listen(name.endsWith("6") ? VIP6 : VIP, port, protocol), hash,
                List.of(new GroupTable("default", Optional.empty(), endpoints, slots)));
    }

    private static ListenSpec listen(String vip, int port, Protocol protocol) {
        return new ListenSpec(List.of("lbhy-a"), Optional.of(IpAddresses.parseLiteral(vip)), port, protocol);
    }

    private static boolean ipv6(ServiceTables service) {
        return service.service().endsWith("6");
    }

    private static Endpoint backend6(int n) {
        return new Endpoint(IpAddresses.parseLiteral("2001:db8:11::" + Integer.toHexString(n)), 8000 + n);
    }

    private static Endpoint backend(int n) {
        return new Endpoint(IpAddresses.parseLiteral("198.18.241." + (n % 250 + 1)), 8000 + n);
    }
}
