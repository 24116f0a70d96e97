package org.ebpflb.bpf.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.LbPrograms;
import org.ebpflb.bpf.fixture.FixtureWorld;
import org.ebpflb.bpf.libbpf.BpfMap;
import org.ebpflb.bpf.libbpf.BpfObject;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.Libbpf;
import org.ebpflb.bpf.libbpf.RingBuffer;
import org.ebpflb.bpf.libbpf.TestRun;
import org.ebpflb.bpf.maps.CtEvent;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.RateLimitValue;
import org.ebpflb.bpf.maps.TypedMap;
import org.ebpflb.bpf.packet.Checksums;
import org.ebpflb.bpf.packet.Packet;

/**
 * Per-packet cost of the data-plane programs with BPF_PROG_TEST_RUN (docs/PERFORMANCE.md, docs/DATAPATH.md
 * "Measuring the programs"), IPv4 and IPv6 side by side. Every run sees the
 * pristine frame: a wrapper program restores it and tail-calls the program under test; the floor is the same
 * wrapper tail-calling a program that only returns XDP_PASS (TC_ACT_OK for tc), measured in the same trial. New-flow
 * runs get a unique client address and port each, into fresh maps per case, so each run inserts (or re-derives) a flow.
 * Run with {@code lb-bpf/bench.sh [--runs N] [--trials N]} as root.
 */
public final class PacketBenchmark {
    private static final int XDP_PASS = 2;
    private static final int TC_ACT_OK = 0;

    private enum Hook { XDP, TC }

    /** bench_vary in bench_wrapper.bpf.c: what changes from run to run. */
    private enum Vary { NONE, PORT, CLIENT }

    /**
     * @param limits whether the service has rate limits (per source and per backend, too high to drop anything)
     * @param baseline for a case with limits or events, the same case without them, measured in the same trial
     * @param events the service's lb_svc_events value: 0 off, 1 all, N sampled(N)
     * @param handshaking whether every run's flow waits in lb_ct_pending for the client's ACK (seeded), so the run
     *     confirms it, which is where opened events are sent
     */
    private record Case(String name, Hook hook, boolean floor, byte[] frame, Vary vary, int verdict, boolean limits,
                        String baseline, int events, boolean handshaking) {
        Case(String name, Hook hook, boolean floor, byte[] frame, Vary vary, int verdict) {
            this(name, hook, floor, frame, vary, verdict, false, null, 0, false);
        }

        Case(String name, Hook hook, boolean floor, byte[] frame, Vary vary, int verdict, boolean limits,
             String baseline) {
            this(name, hook, floor, frame, vary, verdict, limits, baseline, 0, false);
        }

        /** The same path with the service's connection events set to {@code every}. */
        Case withEvents(String label, int every) {
            return new Case(name.replace(" (XDP)", ", events " + label + " (XDP)"), hook, floor, frame, vary, verdict,
                    false, name, every, handshaking);
        }
    }

    /** sampled(N) of the benchmark's sampled cases. */
    private static final int SAMPLE = 16;

    /** Limits on every scope of the WEB service, high enough that no run is refused: the limiter's whole work. */
    private static final RateLimitValue LIMIT_EVERYTHING = new RateLimitValue((int) TokenBucket.MAX,
            (int) TokenBucket.MAX, (int) TokenBucket.MAX, (int) TokenBucket.MAX, 32, false);

    private static final String NO_SERVICE = "no-service";
    /** The frame every run restores (bench_wrapper.bpf.c BENCH_FRAME). */
    private static final int FRAME = 96;
    private static final String CLIENT6 = "2001:db8:10:a::11";
    private static final Endpoint BACKEND6 = Endpoint.parse("[2001:db8:11:1::2]:8080");
    /** The backend of the seeded established flow of the one-entry cases (service ONE, lb_reverse gives its address). */
    private static final Endpoint BACKEND_ONE = Endpoint.parse("198.18.5.2:8080");

    private PacketBenchmark() {
    }

    /**
     * @param args {@code --runs N} (default 1000000) {@code --trials N} (default 5)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int runs = 1_000_000;
        int trials = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Packet syn = Packet.tcp().src("198.18.0.10", 40000).dst("198.18.100.1", 80).flags(Packet.SYN).padTo(FRAME);
        Packet ack = Packet.tcp().src("198.18.0.11", 40001).dst("198.18.100.1", 80).flags(Packet.ACK).padTo(FRAME);
        Packet reply = Packet.tcp().src("198.18.1.2", 8080).dst("198.18.0.11", 40001).flags(Packet.ACK).padTo(FRAME);
        Packet synOne = syn.copy().dst(FixtureWorld.ONE_VIP, 80);
        Packet ackOne = ack.copy().dst(FixtureWorld.ONE_VIP, 80);
        Packet replyOne = reply.copy().src(BACKEND_ONE.address().getHostAddress(), BACKEND_ONE.port());
        Packet syn6 = Packet.tcp().src(CLIENT6, 40000).dst(FixtureWorld.WEB6_VIP, 80).flags(Packet.SYN).padTo(FRAME);
        Packet ack6 = Packet.tcp().src(CLIENT6, 40001).dst(FixtureWorld.WEB6_VIP, 80).flags(Packet.ACK).padTo(FRAME);
        Packet reply6 = Packet.tcp().src(BACKEND6.address().getHostAddress(), BACKEND6.port()).dst(CLIENT6, 40001)
                .flags(Packet.ACK).padTo(FRAME);
        List<Case> cases = List.of(
                new Case("XDP_PASS floor", Hook.XDP, true, syn.build(), Vary.NONE, XDP_PASS),
                new Case("established flow (XDP)", Hook.XDP, false, ack.build(), Vary.NONE, XDP_PASS),
                new Case("established flow, rate limits on (XDP)", Hook.XDP, false, ack.build(), Vary.NONE, XDP_PASS,
                        true, "established flow (XDP)"),
                new Case("no service (XDP)", Hook.XDP, false, syn.copy().dst("198.18.100.1", 82).build(), Vary.NONE,
                        XDP_PASS),
                new Case("no service at a served port (XDP)", Hook.XDP, false,
                        syn.copy().dst("198.18.100.9", 80).build(), Vary.NONE, XDP_PASS),
                new Case("malformed: bad IHL (XDP)", Hook.XDP, false, syn.copy().ihl(4).build(), Vary.NONE, XDP_PASS),
                new Case("new TCP flow (XDP)", Hook.XDP, false, syn.build(), Vary.PORT, XDP_PASS),
                new Case("new TCP flow, rate limits on (XDP)", Hook.XDP, false, syn.build(), Vary.PORT, XDP_PASS,
                        true, "new TCP flow (XDP)"),
                new Case("new TCP flow, new client each (XDP)", Hook.XDP, false, syn.build(), Vary.CLIENT, XDP_PASS),
                new Case("new TCP flow, new client each, rate limits on (XDP)", Hook.XDP, false, syn.build(),
                        Vary.CLIENT, XDP_PASS, true, "new TCP flow, new client each (XDP)"),
                new Case("miss: ACK with no entry, re-derived (XDP)", Hook.XDP, false, ack.build(), Vary.PORT,
                        XDP_PASS),
                new Case("confirm: ACK after the SYN-ACK (XDP)", Hook.XDP, false, ack.build(), Vary.PORT, XDP_PASS,
                        false, null, 0, true),
                new Case("established flow, one entry (XDP)", Hook.XDP, false, ackOne.build(), Vary.NONE, XDP_PASS),
                new Case("new TCP flow, one entry (XDP)", Hook.XDP, false, synOne.build(), Vary.PORT, XDP_PASS),
                new Case("confirm: ACK after the SYN-ACK, one entry (XDP)", Hook.XDP, false, ackOne.build(),
                        Vary.PORT, XDP_PASS, false, null, 0, true),
                new Case("established flow, IPv6 (XDP)", Hook.XDP, false, ack6.build(), Vary.NONE, XDP_PASS),
                new Case("established flow, IPv6 with hop-by-hop options (XDP)", Hook.XDP, false,
                        ack6.copy().extension(Packet.HOP_BY_HOP, 1).build(), Vary.NONE, XDP_PASS),
                new Case("no service at a served port, IPv6 (XDP)", Hook.XDP, false,
                        syn6.copy().dst("2001:db8:10::9", 80).build(), Vary.NONE, XDP_PASS),
                new Case("new TCP flow, IPv6 (XDP)", Hook.XDP, false, syn6.build(), Vary.PORT, XDP_PASS),
                new Case("miss: ACK with no entry, re-derived, IPv6 (XDP)", Hook.XDP, false, ack6.build(), Vary.PORT,
                        XDP_PASS),
                new Case("TC_ACT_OK floor", Hook.TC, true, reply.build(), Vary.NONE, TC_ACT_OK),
                new Case("return path (TC)", Hook.TC, false, reply.build(), Vary.NONE, TC_ACT_OK),
                new Case("return path, IPv6 (TC)", Hook.TC, false, reply6.build(), Vary.NONE, TC_ACT_OK),
                new Case("return path, one entry (TC)", Hook.TC, false, replyOne.build(), Vary.NONE, TC_ACT_OK));

        List<Case> all = new ArrayList<>(cases);
        for (Case c : cases) {
            if (List.of("established flow (XDP)", "new TCP flow (XDP)", "confirm: ACK after the SYN-ACK (XDP)")
                    .contains(c.name())) {
                all.add(c.withEvents("sampled(" + SAMPLE + ")", SAMPLE));
                all.add(c.withEvents("all", 1));
            }
        }
        cases = all;
        Map<String, long[]> eventCounts = new LinkedHashMap<>();
        Map<String, List<Long>> results = new LinkedHashMap<>();
        cases.forEach(c -> results.put(c.name(), new ArrayList<>()));
        int xdpInsns = 0;
        int tcInsns = 0;
        int xdpVerified = 0;
        int tcVerified = 0;
        try (BpfObject wrapper = BpfObject.open("lb_bench", resource("/org/ebpflb/bpf/bench_wrapper.bpf.o"))) {
            wrapper.load();
            BpfMap frames = wrapper.map("bench_frames");
            BpfMap counter = wrapper.map("bench_counter");
            for (int t = 0; t < trials; t++) {
                for (Case c : cases) {
                    // Fresh maps for each case: a new-flow case must insert, never find, its flows and buckets; room for
                    // two entries a flow, so no case evicts.
                    try (LbPrograms lb = LbPrograms.load(LbPrograms.Sizes.DEFAULT
                            .withConnections(c.handshaking() ? 2 * runs + 4096 : 4096)
                            .withHalfOpen(2 * runs + 2048).withTableSlots(65536), Optional.empty())) {
                        new FixtureWorld(lb.maps());
                        seedEstablished(lb, ack, reply);
                        if (c.limits()) {
                            lb.maps().rateLimits.put(FixtureWorld.WEB, LIMIT_EVERYTHING);
                        }
                        lb.maps().serviceEvents.put(FixtureWorld.WEB, c.events());
                        int start = (t + 1) << 24;
                        if (c.handshaking()) {
                            seedHandshakes(lb, start, runs, service(c) == FixtureWorld.ONE);
                        }
                        long confirmedBefore = lb.maps().ctEvents().get(CtEvent.CONFIRMED);
                        Map<CtEvent, Long> eventsBefore = lb.maps().ctEvents();
                        int service = service(c);
                        long before = lb.maps().serviceStats(service).connectionsNew();
                        long rederivedBefore = lb.maps().ctEvents().get(CtEvent.REDERIVED);
                        long noServiceBefore = lb.maps().reasons().getOrDefault(NO_SERVICE, 0L);
                        int target = c.hook() == Hook.XDP
                                ? (c.floor() ? wrapper.programFd("bench_xdp_pass") : lb.xdpFd())
                                : (c.floor() ? wrapper.programFd("bench_tc_ok") : lb.tcFd());
                        wrapper.map(c.hook() == Hook.XDP ? "bench_xdp_target" : "bench_tc_target")
                                .update(TypedMap.index(0), TypedMap.index(target));
                        frames.update(TypedMap.index(0), frameValue(c.frame(), c.vary()));
                        counter.update(TypedMap.index(0), TypedMap.index(start));  // clients 198.18.t+1.x: no seeded flow
                        int fd = wrapper.programFd(c.hook() == Hook.XDP ? "bench_xdp" : "bench_tc");
                        TestRun.Result r;
                        try (EventDrain drain = new EventDrain(lb)) {
                            r = TestRun.run(fd, c.frame(), runs);
                        }
                        Map<CtEvent, Long> eventsAfter = lb.maps().ctEvents();
                        long[] ev = eventCounts.computeIfAbsent(c.name(), n -> new long[2]);
                        ev[0] += eventsAfter.get(CtEvent.EVENT_SENT) - eventsBefore.get(CtEvent.EVENT_SENT);
                        ev[1] += eventsAfter.get(CtEvent.EVENT_DROPPED) - eventsBefore.get(CtEvent.EVENT_DROPPED);
                        if (c.handshaking() && lb.maps().ctEvents().get(CtEvent.CONFIRMED) - confirmedBefore != runs) {
                            throw new IllegalStateException(c.name() + ": not every run confirmed its flow");
                        }
                        if (r.verdict() != c.verdict()) {
                            throw new IllegalStateException(c.name() + ": verdict " + r.verdict() + ", expected "
                                    + c.verdict() + " (tail call failed?)");
                        }
                        results.get(c.name()).add(r.durationNs());
                        // every run of a varying case opens a flow or re-derives one it has never seen
                        long inserted = lb.maps().serviceStats(service).connectionsNew() - before
                                + lb.maps().ctEvents().get(CtEvent.REDERIVED) - rederivedBefore;
                        if (c.vary() != Vary.NONE && !c.handshaking() && inserted != runs) {
                            throw new IllegalStateException(c.name() + " opened or re-derived " + inserted
                                    + " flows in " + runs + " runs");
                        }
                        long passed = lb.maps().reasons().getOrDefault(NO_SERVICE, 0L) - noServiceBefore;
                        if (c.name().startsWith("no service") && passed != runs) {
                            throw new IllegalStateException(c.name() + ": " + passed + " of " + runs
                                    + " runs counted as no-service");
                        }
                        Fds.ProgramInfo xi = Fds.programInfo(programId(lb.xdpFd()));
                        Fds.ProgramInfo ti = Fds.programInfo(programId(lb.tcFd()));
                        xdpInsns = xi.xlatedInstructions();
                        tcInsns = ti.xlatedInstructions();
                        xdpVerified = xi.verifiedInstructions();
                        tcVerified = ti.verifiedInstructions();
                    }
                }
            }
        }
        print(cases, results, runs, trials, xdpInsns, xdpVerified, tcInsns, tcVerified);
        printEvents(cases, results, eventCounts, trials);
    }

    /**
     * Seeds lb_ct_pending with the flows the wrapper will send ACKs for: one per run, client address and port from
     * the run counter as bench_wrapper.bpf.c makes them, each with the backend's SYN-ACK seen (SYN_RECV): flows of WEB
     * with their reverse entries, or of ONE with only a forward entry.
     */
    private static void seedHandshakes(LbPrograms lb, int start, int runs, boolean oneEntry) {
        Endpoint b = oneEntry ? BACKEND_ONE : Endpoint.parse("198.18.1.2:8080");
        InetAddress vip = Packet.ip(oneEntry ? FixtureWorld.ONE_VIP : "198.18.100.1");
        int service = oneEntry ? FixtureWorld.ONE : FixtureWorld.WEB;
        int backend = oneEntry ? 21 : 11;
        byte[] base = Packet.ip("198.18.0.11").getAddress();
        long now = System.nanoTime() + 3_600_000_000_000L;
        int keySize = CtKey.LAYOUT.size();
        int valueSize = CtValue.LAYOUT.size();
        int perFlow = oneEntry ? 1 : 2;
        int chunk = 65536;
        for (int from = 1; from <= runs; from += chunk) {
            int n = Math.min(chunk, runs - from + 1);
            ByteBuffer keys = ByteBuffer.allocate(perFlow * n * keySize);
            ByteBuffer values = ByteBuffer.allocate(perFlow * n * valueSize);
            for (int i = 0; i < n; i++) {
                int v = start + from + i;
                byte[] addr = base.clone();
                addr[2] = (byte) (v >> 24);
                addr[3] = (byte) (v >> 16);
                Inet4Address client = ip(addr);
                int port = v & 0xffff;
                keys.put(new CtKey(client, vip, port, 80, 6).encode());
                CtValue forward = new CtValue(b.address(), b.port(), CtValue.SYN_RECV, CtValue.FORWARD, service,
                        backend, now);
                values.put((oneEntry ? forward.withoutReverseEntry() : forward).encode());
                if (!oneEntry) {
                    keys.put(new CtKey(b.address(), client, b.port(), port, 6).encode());
                    values.put(new CtValue(vip, 80, CtValue.SYN_RECV, CtValue.REVERSE, service, backend, now)
                            .encode());
                }
            }
            lb.maps().pending.raw().updateBatch(keys.array(), values.array());
        }
    }

    private static Inet4Address ip(byte[] addr) {
        try {
            return (Inet4Address) InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The runtime's one reader, as in production: a thread taking events out of the ring while the runs go on. */
    private static final class EventDrain implements AutoCloseable {
        private final RingBuffer ring;
        private final Thread thread;
        private volatile boolean running = true;

        EventDrain(LbPrograms lb) {
            ring = RingBuffer.open(lb.maps().connectionEvents);
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    ring.poll(Duration.ofMillis(50), record -> { });
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            ring.close();
        }
    }

    private static void printEvents(List<Case> cases, Map<String, List<Long>> results, Map<String, long[]> counts,
                                    int trials) {
        System.out.println();
        System.out.println("| connection events | ns/packet | same case, events off | events add | sent / dropped "
                + "per trial |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Case c : cases) {
            if (c.baseline() != null && !c.limits()) {
                long on = median(results.get(c.name()));
                long off = median(results.get(c.baseline()));
                long[] ev = counts.get(c.name());
                System.out.printf("| %s | %d | %d | %+d | %d / %d |%n", c.name(), on, off, on - off, ev[0] / trials,
                        ev[1] / trials);
            }
        }
    }

    private static void seedEstablished(LbPrograms lb, Packet ack, Packet reply) {
        Endpoint b = Endpoint.parse("198.18.1.2:8080");
        var client = Packet.ip("198.18.0.11");
        var vip = Packet.ip("198.18.100.1");
        long now = System.nanoTime() + 3_600_000_000_000L; // stays fresh for the whole trial
        lb.maps().conntrack.put(new CtKey(client, vip, 40001, 80, 6), new CtValue(b.address(), 8080,
                CtValue.ESTABLISHED, CtValue.FORWARD, FixtureWorld.WEB, 11, now));
        lb.maps().conntrack.put(new CtKey(b.address(), client, 8080, 40001, 6), new CtValue(vip, 80,
                CtValue.ESTABLISHED, CtValue.REVERSE, FixtureWorld.WEB, 11, now));
        var client6 = Packet.ip(CLIENT6);
        var vip6 = Packet.ip(FixtureWorld.WEB6_VIP);
        lb.maps().conntrack.put(new CtKey(client6, vip6, 40001, 80, 6), new CtValue(BACKEND6.address(),
                BACKEND6.port(), CtValue.ESTABLISHED, CtValue.FORWARD, FixtureWorld.WEB6, 17, now));
        lb.maps().conntrack.put(new CtKey(BACKEND6.address(), client6, BACKEND6.port(), 40001, 6), new CtValue(vip6,
                80, CtValue.ESTABLISHED, CtValue.REVERSE, FixtureWorld.WEB6, 17, now));
        lb.maps().conntrack.put(new CtKey(client, Packet.ip(FixtureWorld.ONE_VIP), 40001, 80, 6), new CtValue(
                BACKEND_ONE.address(), BACKEND_ONE.port(), CtValue.ESTABLISHED, CtValue.FORWARD, FixtureWorld.ONE, 21,
                now).withoutReverseEntry());
    }

    /** @return the fixture service a case's frame is addressed to: WEB6 for IPv6 frames, ONE for one-entry cases */
    private static int service(Case c) {
        return Checksums.ipv6(c.frame()) ? FixtureWorld.WEB6
                : c.name().contains("one entry") ? FixtureWorld.ONE : FixtureWorld.WEB;
    }

    private static void print(List<Case> cases, Map<String, List<Long>> results, int runs, int trials, int xdpInsns,
                              int xdpVerified, int tcInsns, int tcVerified) throws IOException {
        System.out.printf("machine: %d CPUs, %s, kernel %s, libbpf %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), Libbpf.version());
        System.out.printf("method: median of %d trials x %d runs, BPF_PROG_TEST_RUN repeat, frame restored per run%n%n",
                trials, runs);
        System.out.println("| case | ns/packet (median) | min..max | floor | above floor | ratio to floor |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Case c : cases) {
            long med = median(results.get(c.name()));
            String floorName = c.hook() == Hook.XDP ? "XDP_PASS floor" : "TC_ACT_OK floor";
            long floor = median(results.get(floorName));
            List<Long> all = results.get(c.name());
            System.out.printf("| %s | %d | %d..%d | %d | %s | %s |%n", c.name(), med, all.stream().mapToLong(x -> x).min()
                    .orElse(0), all.stream().mapToLong(x -> x).max().orElse(0), floor,
                    c.floor() ? "-" : Long.toString(med - floor),
                    c.floor() ? "1.00" : String.format("%.2f", (double) med / floor));
        }
        System.out.println();
        System.out.println("| rate limits on | ns/packet | same case without limits | the limiter adds |");
        System.out.println("|---|---:|---:|---:|");
        for (Case c : cases) {
            if (c.limits()) {
                long on = median(results.get(c.name()));
                long off = median(results.get(c.baseline()));
                System.out.printf("| %s | %d | %d | %+d |%n", c.name(), on, off, on - off);
            }
        }
        System.out.printf("%nlb_xdp_ingress: %d instructions after verification rewrites, %d processed by the verifier%n",
                xdpInsns, xdpVerified);
        System.out.printf("lb_tc_egress: %d instructions after verification rewrites, %d processed by the verifier%n",
                tcInsns, tcVerified);
    }

    private static long median(List<Long> xs) {
        long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[s.length / 2];
    }

    /** struct bench_frame: the frame, what varies, and where the source address's low bytes and port are. */
    private static byte[] frameValue(byte[] frame, Vary vary) {
        boolean v6 = Checksums.ipv6(frame);
        ByteBuffer v = ByteBuffer.allocate(FRAME + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        v.put(frame, 0, FRAME).putInt(vary.ordinal()).putShort((short) (v6 ? 36 : 28))
                .putShort((short) (Checksums.l4Offset(frame)));
        return v.array();
    }

    private static int programId(int fd) {
        // struct bpf_prog_info { __u32 type; __u32 id; ... }
        jnr.ffi.Pointer info = Libbpf.allocate(232);
        int[] len = {232};
        Libbpf.check(Libbpf.lib().bpf_obj_get_info_by_fd(fd, info, len), "bpf_obj_get_info_by_fd");
        return info.getInt(4);
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PacketBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not built (run test-compile)");
            }
            return in.readAllBytes();
        }
    }
}
