package org.ebpflb.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.DemoBackend;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.demo.DemoBpffs;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.runtime.view.Json;

/**
 * Three load-balancer nodes behind one DNS name, in network namespaces ({@code lbdr-n-*}, addresses from
 * {@link AddressPlan} block {@value #BLOCK}):
 *
 * <pre>
 *   lbdr-n-dns (BIND, .1)   lbdr-n-client (.2)   lbdr-n-node1..3 (.11 .. .13, XDP on lan0)
 *          \______________________|___________________/      one LAN: a bridge in lbdr-n-lan
 *   lbdr-n-nodeI be0 (.1) ---- eth0 (.11) lbdr-n-beI          each node's own backend LAN, the same addresses
 * </pre>
 *
 * <p>Every node runs the real {@code bin/lb run} with the same services (web on port 80 of lan0, any address, one
 * backend) and the same dns-registration settings; only the instance name (its pins share one bpffs) differs. Each
 * backend answers with its node's name, so a client sees which node carried a request.
 */
final class RegistrationLab implements AutoCloseable {
    static final String PREFIX = "lbdr-n-";
    static final int BLOCK = 54;
    static final int NODES = 3;
    static final String FQDN = "web." + NamespaceBind.ZONE;
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    static final int MINIMUM_FAILURES = 3;
    static final int PROBE_PORT = 9301;
    private static final String ADMIN = "127.0.0.1:9300";
    /** The metrics plugin's default endpoint, in each node's namespace. */
    private static final String METRICS = "http://127.0.0.1:9090/metrics";

    private final AddressPlan plan = new AddressPlan(BLOCK, 1, 0);
    private final List<String> namespaces = new ArrayList<>();
    private final List<NsProcess> processes = new ArrayList<>();
    private final Path dir;
    private final DemoBpffs bpffs;
    private final NsProcess[] nodes = new NsProcess[NODES + 1];
    private final int[] starts = new int[NODES + 1];
    private NamespaceBind bind;

    private RegistrationLab(Path dir, DemoBpffs bpffs) {
        this.dir = dir;
        this.bpffs = bpffs;
    }

    /**
     * Sweeps an earlier run's namespaces, builds the LAN, starts BIND and the backends, writes each node's
     * configuration; starts no node.
     *
     * @param extraSettings more dns-registration settings, HOCON
     * @return the lab; close it in {@code @AfterAll}
     */
    static RegistrationLab create(String extraSettings) throws IOException {
        List<String> stale = Sandbox.sweepStale(PREFIX);
        if (!stale.isEmpty()) {
            System.out.println("[dnsreg-e2e] removed namespaces of an earlier run: " + stale);
        }
        DemoBpffs bpffs = DemoBpffs.mount(Path.of("/run", PREFIX + "bpffs"));
        RegistrationLab lab = new RegistrationLab(Files.createTempDirectory(PREFIX), bpffs);
        try {
            lab.build(extraSettings);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** @return the DNS server */
    NamespaceBind bind() {
        return bind;
    }

    /** @return the client namespace */
    Netns client() {
        return new Netns(PREFIX + "client");
    }

    /**
     * @param n 1..3
     * @return that node's namespace
     */
    Netns node(int n) {
        return new Netns(PREFIX + "node" + n);
    }

    /**
     * @param n 1..3
     * @return that node's address on the LAN, the one it registers
     */
    InetAddress address(int n) {
        return lanHost(10 + n);
    }

    /** @return every node's address, as {@code dig} prints them */
    Set<String> allAddresses() {
        return Set.copyOf(IntStream.rangeClosed(1, NODES).mapToObj(n -> address(n).getHostAddress()).toList());
    }

    /**
     * @param n 1..3
     * @return what the backend behind that node answers
     */
    static String backendName(int n) {
        return "behind-node" + n;
    }

    /** @return the one target of every node's service web, as {@code lb drain} takes it */
    String target() {
        return plan.backendAddress(1).getHostAddress() + ":" + DemoBackends.HTTP_PORT;
    }

    /**
     * @param n 1..3
     * @return a scrape of that node's metrics endpoint
     */
    String metrics(int n) {
        return get(n, METRICS).orElseThrow(() -> new AssertionError("node" + n + " served no metrics:\n"
                + nodes[n].stderrTail(20)));
    }

    /**
     * @param n 1..3
     * @return {@code promtool check metrics} over a scrape of that node's endpoint
     */
    CommandResult promtool(int n) {
        return node(n).exec("bash", "-o", "pipefail", "-c", "curl -sSf -m 3 " + METRICS + " | promtool check metrics")
                .within(Duration.ofSeconds(30)).run();
    }

    /** @return the lab's work directory (logs, configurations), for files of the test's own */
    Path dir() {
        return dir;
    }

    /**
     * @param n 1..3
     * @return that node's configuration file
     */
    Path config(int n) {
        return dir.resolve("node" + n + ".conf");
    }

    /** @return the addresses in the name now, asked from the client namespace */
    Set<String> records() {
        return bind.addresses(client(), FQDN);
    }

    /**
     * Polls the name every 100 ms until it satisfies a condition.
     *
     * @param done the condition
     * @param limit how long to wait
     * @param what for the failure message
     * @return how long it took
     */
    Duration awaitRecords(Predicate<Set<String>> done, Duration limit, String what) {
        long start = System.nanoTime();
        while (true) {
            Set<String> now = records();
            if (done.test(now)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError(what + ": not within " + limit.toSeconds() + "s; the name has " + now
                        + "\n" + logs());
            }
            Netns.pause(Duration.ofMillis(100));
        }
    }

    /**
     * Starts node {@code n}'s {@code bin/lb run} and waits for its admin API.
     *
     * @param n 1..3
     */
    void start(int n) {
        starts[n]++;
        String label = "node" + n + (starts[n] == 1 ? "" : ".start" + starts[n]);
        NsProcess p = node(n).start(label, List.of(DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(),
                "run", "-c", config(n).toString()), dir);
        processes.add(p);
        nodes[n] = p;
    }

    /**
     * @param n 1..3
     * @param limit how long to wait for its admin API
     */
    void awaitAdmin(int n, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (adminGet(n, "/api/v1/status").isEmpty()) {
            if (!nodes[n].alive()) {
                throw new CommandFailedException("node" + n + " exited:\n" + nodes[n].stderrTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("node" + n + " has no admin API after " + limit.toSeconds() + "s:\n"
                        + nodes[n].stderrTail(30));
            }
            Netns.pause(Duration.ofMillis(200));
        }
    }

    /**
     * Stops node {@code n} with a signal and waits for its exit.
     *
     * @param n 1..3
     * @param signal TERM (a clean stop) or KILL (a crash)
     */
    void signal(int n, String signal) {
        nodes[n].signal(signal);
        nodes[n].awaitExit(Duration.ofSeconds(30));
    }

    /**
     * @param n 1..3
     * @return whether its process runs
     */
    boolean running(int n) {
        return nodes[n] != null && nodes[n].alive();
    }

    /**
     * @param n 1..3
     * @param args arguments of {@code lb}; {@code -c} with the node's configuration is appended
     * @return what {@code lb ARGS} did in that node's namespace
     */
    CommandResult cli(int n, String... args) {
        List<String> argv = new ArrayList<>(List.of(DemoLoadBalancer.launcher(DataPlaneLab.distribution())
                .toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-c", config(n).toString()));
        return node(n).exec(argv).within(Duration.ofSeconds(60)).run();
    }

    /**
     * @param n 1..3
     * @return {@code GET /api/v1/dns-registration} of that node
     */
    JsonNode registration(int n) {
        String body = adminGet(n, "/api/v1/dns-registration")
                .orElseThrow(() -> new AssertionError("node" + n + " did not answer:\n" + nodes[n].stderrTail(20)));
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * Rewrites node {@code n}'s configuration with another TSIG secret file.
     *
     * @param n 1..3
     * @param secretFile the file
     */
    void useSecret(int n, Path secretFile) throws IOException {
        Files.writeString(config(n), configText(n, secretFile));
    }

    /** @return the tails of every node's and BIND's logs, for failure messages */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (int n = 1; n <= NODES; n++) {
            if (nodes[n] != null) {
                out.append("--- node").append(n).append(":\n").append(nodes[n].stderrTail(15)).append('\n');
            }
        }
        return out.append("--- named:\n").append(bind == null ? "" : bind.log()).toString();
    }

    @Override
    public void close() {
        for (NsProcess p : processes.reversed()) {
            p.stop(Duration.ofSeconds(10));
        }
        if (bind != null) {
            bind.close();
        }
        List<String> failures = new ArrayList<>();
        for (String name : namespaces.reversed()) {
            CommandResult r = Command.of("ip", "netns", "delete", name).run();
            if (!r.ok()) {
                failures.add(r.stderr());
            }
        }
        bpffs.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            failures.add("cannot remove " + dir + ": " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new CommandFailedException("teardown left things behind: " + failures);
        }
    }

    private String extraSettings = "";

    private void build(String extra) throws IOException {
        extraSettings = extra;
        Netns lan = add("lan");
        lan.ip("link", "add", "br0", "type", "bridge").check();
        lan.ip("link", "set", "br0", "up").check();
        Netns dns = add("dns");
        plug(lan, dns, "dns", lanHost(1));
        Netns client = add("client");
        plug(lan, client, "client", lanHost(2));
        bind = NamespaceBind.start(dns, Files.createDirectories(dir.resolve("named")), lanHost(1), 53);
        for (int n = 1; n <= NODES; n++) {
            Netns node = add("node" + n);
            plug(lan, node, "node" + n, address(n));
            node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").check();
            Netns backend = add("be" + n);
            node.ip("link", "add", "be0", "type", "veth", "peer", "name", "eth0", "netns", backend.name()).check();
            node.ip("addr", "add", AddressPlan.withPrefix(plan.lbBackendSideAddress(), 24), "dev", "be0").check();
            node.ip("link", "set", "be0", "up").check();
            backend.ip("addr", "add", AddressPlan.withPrefix(plan.backendAddress(1), 24), "dev", "eth0").check();
            backend.ip("link", "set", "eth0", "up").check();
            backend.ip("route", "add", "default", "via", plan.lbBackendSideAddress().getHostAddress()).check();
            NsProcess server = backend.start(backendName(n), DemoBackend.commandLine(backendName(n),
                    DemoBackends.HTTP_PORT, OptionalInt.empty(), false), dir);
            processes.add(server);
            backend.awaitTcp(plan.backendAddress(1), DemoBackends.HTTP_PORT, DemoBackends.STARTUP_LIMIT,
                    Optional.of(server));
            Files.writeString(config(n), configText(n, bind.secretFile()));
        }
    }

    private String configText(int n, Path secretFile) {
        return """
                lb {
                  instance = "%snode%d"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  services = [{
                    name = web
                    listen { interfaces = ["lan0"], port = 80, protocol = tcp }
                    targets = [{ ip = "%s", port = %d, weight = 1 }]
                  }]
                  plugins.dns-registration {
                    fqdn = "%s"
                    zone = "%s"
                    server = "%s"
                    tsig { name = "%s", secret-file = "%s" }
                    check-interval = %ds
                    minimum-failures = %d
                    tcp-port = %d
                    %s
                  }
                }
                """.formatted(PREFIX, n, ADMIN, bpffs.dir(), plan.backendAddress(1).getHostAddress(),
                DemoBackends.HTTP_PORT, FQDN, NamespaceBind.ZONE, bind.server(), NamespaceBind.KEY, secretFile,
                CHECK_INTERVAL.toSeconds(), MINIMUM_FAILURES, PROBE_PORT, extraSettings);
    }

    private Netns add(String name) {
        Netns ns = new Netns(PREFIX + name);
        Command.of("ip", "netns", "add", ns.name()).check();
        namespaces.add(ns.name());
        ns.ip("link", "set", "lo", "up").check();
        return ns;
    }

    /** Connects a namespace to the LAN bridge: its side is lan0 with the address, the bridge's side is named port. */
    private static void plug(Netns lan, Netns ns, String port, InetAddress address) {
        lan.ip("link", "add", port, "type", "veth", "peer", "name", "lan0", "netns", ns.name()).check();
        lan.ip("link", "set", port, "master", "br0", "up").check();
        ns.ip("addr", "add", AddressPlan.withPrefix(address, 24), "dev", "lan0").check();
        ns.ip("link", "set", "lan0", "up").check();
    }

    /** The LAN is the block's first /24. */
    private InetAddress lanHost(int host) {
        byte[] net = plan.blockPrefix().network().getAddress();
        return IpAddresses.parseLiteral((net[0] & 0xff) + "." + (net[1] & 0xff) + "." + (net[2] & 0xff) + "." + host);
    }

    private Optional<String> adminGet(int n, String path) {
        return get(n, "http://" + ADMIN + path);
    }

    private Optional<String> get(int n, String url) {
        CommandResult r = node(n).exec("curl", "-sS", "-f", "-m", "3", url).within(Duration.ofSeconds(10)).run();
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }
}
