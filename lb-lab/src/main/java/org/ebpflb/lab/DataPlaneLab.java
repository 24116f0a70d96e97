package org.ebpflb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.DemoClient;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.demo.DemoBpffs;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.demo.SpreadTable;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.ebpflb.lab.sandbox.ChecksumErrors;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;

/**
 * One sandbox with the real distribution's load balancer in it, shared by the tests of one class: three backends
 * (HTTP and UDP echo, {@link DemoBackends}), clients, and {@code bin/lb run} in the LB namespace with the kernel
 * data plane on the client-facing devices and its pins under a bpffs of its own outside /sys ({@link DemoBpffs}).
 *
 * <p>Services: {@value #WEB} (TCP, VIP:{@value #WEB_PORT} to backends :{@value DemoBackends#HTTP_PORT}, one weight
 * per backend; with an extra client, that client's subnet has a source route to backends 2 and 3 with weights
 * {@link #ROUTE_WEIGHTS}) and {@value #ECHO} (UDP, VIP:{@value #ECHO_PORT} to backends :{@value #BACKEND_UDP_PORT}).
 *
 * <p>The classes using it (distribution's e2e tests), each with its own namespace prefix and {@link AddressPlan} block: DataPathNetnsTest
 * ({@code lbe2e-dp-path-}, block 10), ChecksumHonestNetnsTest ({@code lbe2e-dp-csum-}, block 11),
 * ControlPlaneRestartNetnsTest ({@code lbe2e-dp-restart-}, block 12); blocks 13 and 14 are left for more. Classes with
 * a configuration of their own ({@link #create}, then {@link #start(String)}): HealthNetnsTest ({@code lbe2e-hc-},
 * block 15), DnsNetnsTest ({@code lbe2e-dns-}, block 20), ConntrackPressureNetnsTest ({@code lbrd-ct-}, block 32),
 * Ipv6NetnsTest ({@code lbv6d-}, block 16 and its IPv6 twin 2001:db8:10::/48).
 */
public final class DataPlaneLab implements AutoCloseable {
    public static final String WEB = "web";
    public static final String ECHO = "echo";
    public static final int WEB_PORT = 80;
    public static final int ECHO_PORT = 5353;
    public static final int BACKEND_UDP_PORT = 7007;
    /** Weights of the source route's targets, backends 2 and 3. */
    public static final SortedMap<Integer, Integer> ROUTE_WEIGHTS = weights(Map.of(2, 1, 3, 3));
    public static final String INSTANCE = "e2e";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String title;
    private final Sandbox sandbox;
    private final DemoBpffs bpffs;
    private final Path config;
    private DemoBackends backends;
    private DemoLoadBalancer lb;
    private int lbStarts;
    private Map<Integer, Integer> weights = Map.of();
    // Native, not the default auto (generic on a veth): the end-to-end tests cover the mode with the partial-checksum
    // trap; ChecksumHonestNetnsTest restarts in generic, and KernelDataPlaneBpfTest checks what auto picks.
    private String xdpMode = "native";

    private DataPlaneLab(String title, Sandbox sandbox, DemoBpffs bpffs) {
        this.title = title;
        this.sandbox = sandbox;
        this.bpffs = bpffs;
        this.config = sandbox.workDir().resolve("lb.conf");
    }

    /**
     * @param byBackend weight per backend number
     * @return the same, ordered by backend number so it prints in that order
     */
    public static SortedMap<Integer, Integer> weights(Map<Integer, Integer> byBackend) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(byBackend));
    }

    /**
     * @param byBackend weights of backend 1, 2, ...
     * @return weight per backend number
     */
    public static SortedMap<Integer, Integer> weights(int... byBackend) {
        SortedMap<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < byBackend.length; i++) {
            m.put(i + 1, byBackend[i]);
        }
        return Collections.unmodifiableSortedMap(m);
    }

    /**
     * Sweeps what an earlier run of this class left, builds the sandbox, starts backends and the load balancer, and
     * waits until every client gets an answer from the VIP. On failure everything built is removed again.
     *
     * @param title the test class, for printed lines
     * @param spec the sandbox (its prefix is swept)
     * @param weights default-group weight per backend number
     * @return the running lab; close it in {@code @AfterAll}
     */
    public static DataPlaneLab open(String title, SandboxSpec spec, Map<Integer, Integer> weights) {
        long start = System.nanoTime();
        DataPlaneLab lab = create(title, spec, OptionalInt.of(BACKEND_UDP_PORT));
        try {
            lab.weights = weights(weights);
            lab.writeConfig(weights);
            lab.startLoadBalancer();
            lab.say(String.format(Locale.ROOT, "lab up in %.1fs: %s, LB on %s (%s), pins under %s",
                    seconds(System.nanoTime() - start), spec.addresses().blockPrefix(),
                    String.join(", ", lab.sandbox.lbClientDevices()), lab.status().path("dataPlane").asText(),
                    lab.bpffs.dir()));
            return lab;
        } catch (RuntimeException | Error e) {
            lab.closeAfter(e);
            throw e;
        }
    }

    /**
     * Sweeps what an earlier run of this class left, builds the sandbox and starts the backends, without a load
     * balancer: for a class that runs its own configuration ({@link #start(String)}) and starts more next to the
     * backends first. On failure everything built is removed again.
     *
     * @param title the test class, for printed lines
     * @param spec the sandbox (its prefix is swept)
     * @param backendUdpPort the backends' UDP echo port, if they need one
     * @return the lab; close it in {@code @AfterAll}
     */
    public static DataPlaneLab create(String title, SandboxSpec spec, OptionalInt backendUdpPort) {
        List<String> stale = Sandbox.sweepStale(spec.prefix());
        DemoBpffs bpffs = DemoBpffs.mount(Path.of("/run", spec.prefix() + "bpffs"));
        Sandbox sandbox;
        try {
            sandbox = Sandbox.create(spec);
        } catch (RuntimeException e) {
            bpffs.close();
            throw e;
        }
        DataPlaneLab lab = new DataPlaneLab(title, sandbox, bpffs);
        try {
            if (!stale.isEmpty()) {
                lab.say("removed namespaces of an earlier run: " + stale);
            }
            lab.backends = DemoBackends.start(sandbox, DemoBackends.HTTP_PORT, backendUdpPort);
            return lab;
        } catch (RuntimeException | Error e) {
            lab.closeAfter(e);
            throw e;
        }
    }

    /**
     * Writes a configuration of the caller's own and starts the load balancer with it, as
     * {@link #startLoadBalancer()} does.
     *
     * @param configText the whole HOCON file; its pin-root should be {@link #bpffsDir()}
     */
    public void start(String configText) {
        try {
            Files.writeString(config, configText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startLoadBalancer();
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public AddressPlan addresses() {
        return sandbox.addresses();
    }

    public DemoBackends backends() {
        return backends;
    }

    /** @return the bpffs this lab mounted outside /sys, for a configuration's {@code pin-root} */
    public Path bpffsDir() {
        return bpffs.dir();
    }

    public DemoLoadBalancer lb() {
        return lb;
    }

    public Path configFile() {
        return config;
    }

    public Path pinDir() {
        return bpffs.dir().resolve("ebpf-lb").resolve(INSTANCE);
    }

    public Map<Integer, Integer> weights() {
        return weights;
    }

    public Endpoint web() {
        return new Endpoint(addresses().vip(), WEB_PORT);
    }

    public Endpoint echo() {
        return new Endpoint(addresses().vip(), ECHO_PORT);
    }

    /** @return backend name -> its weight in the default group, for a spread table */
    public List<SpreadTable.Row> expected(Map<Integer, Integer> byBackend) {
        return byBackend.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new SpreadTable.Row(DemoBackends.name(e.getKey()), e.getValue(), "")).toList();
    }

    /**
     * Stops the load balancer (SIGTERM), rewrites the configuration with another {@code xdp-mode} and starts it
     * again: the new run replaces the programs in the new mode, on the pinned maps.
     *
     * @param mode auto, native or generic
     */
    public void restartWithXdpMode(String mode) {
        NsProcess running = lb.process();
        running.signal("TERM");
        running.awaitExit(Duration.ofSeconds(20));
        xdpMode = mode;
        writeConfig(weights);
        startLoadBalancer();
    }

    /** Starts {@code bin/lb run} (again) with the current configuration and waits for its admin API and the VIP. */
    public void startLoadBalancer() {
        lbStarts++;
        lb = DemoLoadBalancer.start(sandbox, DataPlaneLab.distribution(), config,
                lbStarts == 1 ? "lb" : "lb.start" + lbStarts);
        lb.awaitAdmin(Duration.ofSeconds(60));
        for (Netns client : sandbox.clients()) {
            awaitHttp(client, Duration.ofSeconds(30));
        }
    }

    /**
     * Runs a {@link DemoClient} in a client namespace to completion.
     *
     * @param client 0 for the first client
     * @param plan what it does
     * @return its reports
     */
    public ClientOutput runClient(int client, ClientPlan plan) {
        CommandResult r = sandbox.client(client).exec(DemoClient.commandLine(plan))
                .within(plan.deadline().plusSeconds(30)).check();
        return ClientOutput.parse(r.stdout());
    }

    /**
     * Starts a {@link DemoClient} in a client namespace in the background.
     *
     * @param client 0 for the first client
     * @param label process label
     * @param plan what it does
     * @return the process; its stdout is the report
     */
    public NsProcess startClient(int client, String label, ClientPlan plan) {
        return sandbox.start(sandbox.client(client), label, DemoClient.commandLine(plan));
    }

    /** @return {@code lb status --json}, run in the LB namespace as an operator would */
    public JsonNode status() {
        CommandResult r = lb.cli("status", "--json", "-c", config.toString()).orThrow();
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("lb status --json printed something that is not JSON: " + r.stdout(), e);
        }
    }

    /**
     * @param path an admin API path
     * @return the body of {@code GET path}
     */
    public String admin(String path) {
        return lb.adminGet(path).orElseThrow(() -> new AssertionError("GET " + path + " failed; log tail:\n"
                + lb.logTail()));
    }

    /**
     * @param plan requests to make
     * @return the report of a {@link DemoClient} run to completion in the first client namespace
     */
    public RequestsReport requests(ClientPlan plan) {
        return runClient(0, plan).requests().orElseThrow(() -> new AssertionError("no requests report: " + plan));
    }

    /**
     * @param status a {@link #status()}
     * @param service a service name
     * @return the data plane's new-connection counter per backend name, from {@code lb status --json}
     */
    public Map<String, Long> newConnections(JsonNode status, String service) {
        JsonNode targets = service(status, service).path("traffic").path("targets");
        require(targets.isObject(), "lb status --json has no traffic.targets for " + service + ": " + status);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int b = 1; b <= addresses().backends(); b++) {
            for (int port : new int[] {DemoBackends.HTTP_PORT, BACKEND_UDP_PORT}) {
                JsonNode t = targets.path(addresses().backendAddress(b).getHostAddress() + ":" + port);
                if (t.isObject()) {
                    out.merge(DemoBackends.name(b), t.path("connectionsNew").asLong(), Long::sum);
                }
            }
        }
        return out;
    }

    /**
     * @param status a {@link #status()}
     * @param service a service name
     * @return the service's own counters from {@code lb status --json}
     */
    public JsonNode serviceTraffic(JsonNode status, String service) {
        return service(status, service).path("traffic").path("service");
    }

    private static JsonNode service(JsonNode status, String service) {
        for (JsonNode s : status.path("services")) {
            if (s.path("name").asText().equals(service)) {
                return s;
            }
        }
        throw new AssertionError("lb status --json lists no service " + service + ": " + status);
    }

    /**
     * Rewrites the configuration with new default-group weights, runs {@code lb reload} and waits until the admin
     * API shows them applied (the reconciler updates what it shows after the data-plane write).
     *
     * @param newWeights weight per backend number
     * @return how long the reload took to show, in milliseconds
     */
    public long reload(Map<Integer, Integer> newWeights) {
        long start = System.nanoTime();
        writeConfig(newWeights);
        lb.cli("reload", "-c", config.toString()).orThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!showsWeights(newWeights)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the admin API did not show weights " + newWeights + " within 15s:\n"
                        + lb.adminGet("/api/v1/services").orElse("(no answer)") + "\n" + lb.logTail());
            }
            Netns.pause(Duration.ofMillis(100));
        }
        weights = weights(newWeights);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private boolean showsWeights(Map<Integer, Integer> wanted) {
        String body = lb.adminGet("/api/v1/services").orElse("");
        if (body.isEmpty()) {
            return false;
        }
        try {
            for (JsonNode s : JSON.readTree(body)) {
                if (!s.path("name").asText().equals(WEB)) {
                    continue;
                }
                for (JsonNode g : s.path("groups")) {
                    if (!g.path("source").isNull() && !g.path("source").isMissingNode()) {
                        continue;
                    }
                    Map<Integer, Integer> shown = new LinkedHashMap<>();
                    for (JsonNode t : g.path("targets")) {
                        for (int b = 1; b <= addresses().backends(); b++) {
                            if (t.path("target").asText().equals(backendHttp(b).toString())) {
                                shown.put(b, (int) t.path("base").asDouble());
                            }
                        }
                    }
                    return shown.equals(wanted);
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    public Endpoint backendHttp(int backend) {
        return new Endpoint(addresses().backendAddress(backend), DemoBackends.HTTP_PORT);
    }

    /** Writes the configuration file: both services, the source route when there is an extra client. */
    public void writeConfig(Map<Integer, Integer> webWeights) {
        AddressPlan a = addresses();
        String interfaces = listenInterfaces();
        String webTargets = targets(webWeights, DemoBackends.HTTP_PORT);
        String echoTargets = targets(IntStream.rangeClosed(1, a.backends()).boxed()
                .collect(Collectors.toMap(b -> b, b -> 1)), BACKEND_UDP_PORT);
        String routes = a.extraClients() == 0 ? "" : """
                      source-routes = [
                        { source = "%s", targets = [ %s ] }
                      ]
                """.formatted(a.clientSubnet(1), targets(ROUTE_WEIGHTS, DemoBackends.HTTP_PORT));
        String text = """
                # Written by %s (ebpf-lb end-to-end test)
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s", xdp-mode = %s }
                  services = [
                    {
                      name = "%s"
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = tcp }
                      targets = [ %s ]
                %s    }
                    {
                      name = "%s"
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = udp }
                      targets = [ %s ]
                    }
                  ]
                }
                """.formatted(title, INSTANCE, DemoConfig.ADMIN_LISTEN, bpffs.dir(), xdpMode, WEB, interfaces,
                a.vip().getHostAddress(), WEB_PORT, webTargets, routes, ECHO, interfaces, a.vip().getHostAddress(),
                ECHO_PORT, echoTargets);
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the load balancer's client-facing devices as the elements of a HOCON {@code interfaces} list */
    public String listenInterfaces() {
        return sandbox.lbClientDevices().stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(", "));
    }

    /**
     * @param port the backends' port
     * @return every backend at that port, default weight, as the elements of a HOCON {@code targets} list
     */
    public String allTargets(int port) {
        return addresses().backendAddresses().stream()
                .map(a -> "{ ip = \"" + a.getHostAddress() + "\", port = " + port + " }")
                .collect(Collectors.joining(", "));
    }

    private String targets(Map<Integer, Integer> byBackend, int port) {
        return byBackend.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "{ ip = \"" + addresses().backendAddress(e.getKey()).getHostAddress() + "\", port = " + port
                        + ", weight = " + e.getValue() + " }")
                .collect(Collectors.joining(", "));
    }

    /** Polls {@code curl http://VIP/} from a client namespace until it answers 200. */
    public void awaitHttp(Netns client, Duration limit) {
        awaitHttp(client, web(), limit);
    }

    /** Polls {@code curl http://SERVICE/} from a client namespace until it answers 200. */
    public void awaitHttp(Netns client, Endpoint service, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            CommandResult r = client.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "1",
                    "http://" + service + "/").within(Duration.ofSeconds(5)).run();
            if (r.stdout().strip().equals("200")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("http://" + service + "/ did not answer from " + client + " within "
                        + limit.toSeconds() + "s (last: " + r.stdout().strip() + " " + r.stderr().strip()
                        + "); checksum errors: " + checksumErrors() + "; load balancer log tail:"
                        + System.lineSeparator() + lb.logTail());
            }
            Netns.pause(Duration.ofMillis(200));
        }
    }

    /**
     * Puts the default group's weights back when a test changed them, so each test starts from the same state.
     *
     * @param wanted weight per backend number
     */
    public void ensureWeights(Map<Integer, Integer> wanted) {
        if (!weights.equals(wanted)) {
            long ms = reload(wanted);
            say("weights back to " + wanted + " (reload took " + ms + " ms)");
        }
    }

    /**
     * Waits until the backends hold {@code count} established connections from a client, counted from the backends'
     * own sockets ({@code ss}): the LB rewrites only the destination, so a backend sees the client's address.
     *
     * @param client the client's address
     * @param count how many connections to wait for
     * @param limit how long
     * @return connections per backend name
     */
    public Map<String, Integer> awaitEstablished(InetAddress client, int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<String, Integer> now = establishedFrom(client);
            int total = now.values().stream().mapToInt(Integer::intValue).sum();
            if (total >= count) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backends hold " + total + " established connections from " + client
                        + " after " + limit.toSeconds() + "s, expected " + count + ": " + now);
            }
            Netns.pause(Duration.ofMillis(100));
        }
    }

    /** @return checksum-error counters of every backend and client namespace, by namespace name */
    public Map<String, ChecksumErrors> checksumErrors() {
        Map<String, ChecksumErrors> out = new LinkedHashMap<>();
        for (Netns ns : sandbox.backends()) {
            out.put(ns.name(), ns.checksumErrors());
        }
        for (Netns ns : sandbox.clients()) {
            out.put(ns.name(), ns.checksumErrors());
        }
        return out;
    }

    /** @return which backends hold an established connection from {@code client} to their HTTP port, by name */
    public Map<String, Integer> establishedFrom(InetAddress client) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int b = 1; b <= addresses().backends(); b++) {
            String ss = sandbox.backend(b).exec("ss", "-Htn", "state", "established", "(", "sport", "=",
                    ":" + DemoBackends.HTTP_PORT, ")", "dst", ssAddress(client)).check().stdout();
            int n = (int) ss.lines().filter(l -> !l.isBlank()).count();
            if (n > 0) {
                out.put(DemoBackends.name(b), n);
            }
        }
        return out;
    }

    /** ss takes an IPv6 address in brackets, as in [2001:db8::2]. */
    private static String ssAddress(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    public void say(String line) {
        System.out.println("[" + title + "] " + line);
        System.out.flush();
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** @return the unpacked distribution under test */
    public static Path distribution() {
        Path dir = Path.of(System.getProperty("lb.dist.dir", "target/missing-lb.dist.dir"));
        require(Files.isExecutable(dir.resolve("bin/lb")), "no distribution at " + dir
                + "; run the build through 'verify' (failsafe sets lb.dist.dir)");
        return dir;
    }

    // the lab is test infrastructure: a broken expectation about the load balancer is an assertion failure
    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** Closes the lab after a failed start, keeping a teardown failure as suppressed by the first failure. */
    private void closeAfter(Throwable failure) {
        try {
            close();
        } catch (RuntimeException teardown) {
            failure.addSuppressed(teardown);
        }
    }

    /** Stops everything: load balancer and backends (sandbox teardown), then the bpffs with its pins. */
    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            bpffs.close();
        }
    }
}
