package org.ebpflb.lab.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A load-balancing lab in network namespaces: clients, one load balancer (LB), backends.
 *
 * <pre>
 *  [prefix]client   eth0 ---- cli0 \                        / be1 ---- eth0  [prefix]backend1
 *  [prefix]client2  eth0 ---- cli1 -  [prefix]lb  (br0) ----- be2 ---- eth0  [prefix]backend2
 *                                   lo: VIP/32              \ be3 ---- eth0  [prefix]backend3
 * </pre>
 *
 * <p>The LB namespace routes between its client links ({@code cliN}, one veth per client) and a bridge ({@code br0})
 * holding one veth port per backend, with {@code net.ipv4.ip_forward=1} and {@code net.ipv6.conf.all.forwarding=1}
 * (dual stack: every address of {@link AddressPlan} has an IPv6 twin). Backends' default route points at the LB
 * (NAT mode: the LB is their gateway); clients' default route points at the LB as well, which is how they reach the
 * service address (a /32 on the LB's {@code lo}; see {@link AddressPlan}). Without a data plane attached, the LB is a
 * plain router. Addresses come from {@link AddressPlan}.
 *
 * <p>{@link #close()} stops every process started through {@link #start} and deletes every namespace (their devices
 * go with them). It is idempotent, also runs from a JVM shutdown hook (Ctrl-C), and leftovers of a killed run are
 * removed by {@link #sweepStale(String)}.
 */
public final class Sandbox implements AutoCloseable {
    /** The bridge in the LB namespace that holds the backend ports. */
    public static final String BRIDGE = "br0";
    /** The device name of a client's or backend's link, inside its own namespace. */
    public static final String LINK = "eth0";

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final SandboxSpec spec;
    private final AddressPlan plan;
    private final Path workDir;
    /** Each recorded as soon as it exists, so teardown also removes a half-built sandbox, and nothing else. */
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<NsProcess> processes = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private Sandbox(SandboxSpec spec) throws IOException {
        this.spec = spec;
        this.plan = spec.addresses();
        this.workDir = Files.createTempDirectory(spec.prefix() + "sandbox-");
        this.shutdownHook = new Thread(this::close, spec.prefix() + "sandbox-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Builds the topology. On failure whatever was created is removed again before the exception propagates.
     *
     * @param spec what to build
     * @return the running sandbox; close it in a finally block
     * @throws CommandFailedException naming the failed command and its stderr (a namespace that already exists
     *     means a previous run left it: {@link #sweepStale(String)} removes it)
     */
    public static Sandbox create(SandboxSpec spec) {
        Sandbox s;
        try {
            s = new Sandbox(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the sandbox", e);
        }
        try {
            s.build();
            return s;
        } catch (RuntimeException e) {
            try {
                s.close();
            } catch (RuntimeException teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
    }

    /** @return what was built */
    public SandboxSpec spec() {
        return spec;
    }

    /** @return the addresses */
    public AddressPlan addresses() {
        return plan;
    }

    /** @return the directory holding the logs of processes started through {@link #start}; deleted at teardown */
    public Path workDir() {
        return workDir;
    }

    /** @return the load balancer's namespace */
    public Netns lb() {
        return new Netns(spec.prefix() + "lb");
    }

    /** @return the first client's namespace */
    public Netns client() {
        return client(0);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return that client's namespace
     */
    public Netns client(int client) {
        plan.clientAddress(client); // validates the index
        return new Netns(spec.prefix() + "client" + (client == 0 ? "" : Integer.toString(client + 1)));
    }

    /** @return every client namespace, the first one first */
    public List<Netns> clients() {
        return IntStream.range(0, plan.clients()).mapToObj(this::client).toList();
    }

    /**
     * @param backend 1..backends
     * @return that backend's namespace
     */
    public Netns backend(int backend) {
        plan.backendAddress(backend); // validates the index
        return new Netns(spec.prefix() + "backend" + backend);
    }

    /** @return every backend namespace, backend 1 first */
    public List<Netns> backends() {
        return IntStream.rangeClosed(1, plan.backends()).mapToObj(this::backend).toList();
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the LB's device facing that client (where an ingress program attaches)
     */
    public String lbClientDevice(int client) {
        plan.clientAddress(client);
        return "cli" + client;
    }

    /** @return the LB's devices facing clients, the first client's first */
    public List<String> lbClientDevices() {
        return IntStream.range(0, plan.clients()).mapToObj(this::lbClientDevice).toList();
    }

    /**
     * @param backend 1..backends
     * @return the LB's bridge port toward that backend
     */
    public String lbBackendPort(int backend) {
        plan.backendAddress(backend);
        return "be" + backend;
    }

    /** @return every device the LB sends packets from: client links, the bridge and its ports */
    public List<String> lbSendingDevices() {
        return Stream.of(lbClientDevices().stream(), Stream.of(BRIDGE),
                IntStream.rangeClosed(1, plan.backends()).mapToObj(this::lbBackendPort)).flatMap(s -> s).toList();
    }

    /**
     * Starts a long-running process inside one of this sandbox's namespaces; teardown stops it.
     *
     * @param ns the namespace
     * @param label a short unique name for messages and log files
     * @param argv the command line
     * @return the running process
     */
    public synchronized NsProcess start(Netns ns, String label, List<String> argv) {
        if (closed) {
            throw new IllegalStateException("sandbox " + spec.prefix() + " is torn down");
        }
        NsProcess p = ns.start(label, argv, workDir);
        processes.add(p);
        return p;
    }

    /**
     * Tears down: stops started processes (their process groups), kills anything else left in the namespaces,
     * deletes the namespaces and the work directory. Idempotent; safe from a shutdown hook.
     *
     * @throws CommandFailedException when a namespace could not be deleted, after trying all of them
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; it will find the sandbox closed
            }
        }
        for (NsProcess p : processes.reversed()) {
            p.stop(STOP_GRACE);
        }
        List<String> failures = new ArrayList<>();
        for (String name : namespaces.reversed()) {
            deleteNamespace(name).ifPresent(failures::add);
        }
        deleteTree(workDir);
        if (!failures.isEmpty()) {
            throw new CommandFailedException("sandbox teardown left namespaces behind:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), failures));
        }
    }

    /**
     * @param prefix a namespace name prefix
     * @return existing namespaces whose names start with it
     */
    public static List<String> namespaces(String prefix) {
        return Command.of("ip", "netns", "list").check().stdout().lines()
                .map(l -> l.strip().split("\\s+")[0]) // "name (id: 3)"
                .filter(n -> !n.isEmpty() && n.startsWith(prefix)).toList();
    }

    /**
     * Deletes namespaces left by an earlier run that could not tear down (kill -9, power loss), first killing the
     * processes still inside them. Call it at start with the prefix the caller owns.
     *
     * @param prefix a namespace name prefix; must not be empty
     * @return the namespaces deleted
     * @throws CommandFailedException when one could not be deleted
     */
    public static List<String> sweepStale(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to sweep with an empty prefix: it would match every namespace");
        }
        List<String> stale = namespaces(prefix);
        List<String> failures = new ArrayList<>();
        for (String name : stale) {
            deleteNamespace(name).ifPresent(failures::add);
        }
        if (!failures.isEmpty()) {
            throw new CommandFailedException("cannot sweep stale namespaces:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), failures));
        }
        return stale;
    }

    private void build() {
        Netns lb = addNamespace(lb());
        lb.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").check();
        lb.exec("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1").check();
        lb.ip("addr", "add", AddressPlan.withPrefix(plan.vip(), 32), "dev", "lo").check();
        lb.ip("-6", "addr", "add", AddressPlan.withPrefix(plan.vip6(), 128), "dev", "lo").check();
        for (int c = 0; c < plan.clients(); c++) {
            Netns client = addNamespace(client(c));
            String dev = lbClientDevice(c);
            lb.ip("link", "add", dev, "type", "veth", "peer", "name", LINK, "netns", client.name()).check();
            lb.ip("addr", "add", AddressPlan.withPrefix(plan.lbClientSideAddress(c), 24), "dev", dev).check();
            addAddress6(lb, plan.lbClientSideAddress6(c), dev);
            lb.ip("link", "set", dev, "up").check();
            configureLink(client, plan.clientAddress(c).getHostAddress(), plan.lbClientSideAddress(c).getHostAddress());
            configureLink6(client, plan.clientAddress6(c), plan.lbClientSideAddress6(c));
        }
        lb.ip("link", "add", BRIDGE, "type", "bridge").check();
        lb.ip("addr", "add", AddressPlan.withPrefix(plan.lbBackendSideAddress(), 24), "dev", BRIDGE).check();
        addAddress6(lb, plan.lbBackendSideAddress6(), BRIDGE);
        lb.ip("link", "set", BRIDGE, "up").check();
        for (int b = 1; b <= plan.backends(); b++) {
            Netns backend = addNamespace(backend(b));
            String port = lbBackendPort(b);
            lb.ip("link", "add", port, "type", "veth", "peer", "name", LINK, "netns", backend.name()).check();
            lb.ip("link", "set", port, "master", BRIDGE, "up").check();
            configureLink(backend, plan.backendAddress(b).getHostAddress(),
                    plan.lbBackendSideAddress().getHostAddress());
            configureLink6(backend, plan.backendAddress6(b), plan.lbBackendSideAddress6());
        }
        if (!spec.txChecksumOffload()) {
            for (String dev : lbSendingDevices()) {
                lb.exec("ethtool", "-K", dev, "tx", "off").check();
            }
        }
    }

    private Netns addNamespace(Netns ns) {
        Command.of("ip", "netns", "add", ns.name()).check();
        namespaces.add(ns.name());
        ns.ip("link", "set", "lo", "up").check();
        return ns;
    }

    private static void configureLink(Netns ns, String address, String gateway) {
        ns.ip("addr", "add", address + "/24", "dev", LINK).check();
        ns.ip("link", "set", LINK, "up").check();
        ns.ip("route", "add", "default", "via", gateway).check();
    }

    /** An IPv6 /64 address without duplicate address detection: usable at once, not seconds later. */
    private static void addAddress6(Netns ns, InetAddress address, String dev) {
        ns.ip("-6", "addr", "add", AddressPlan.withPrefix(address, 64), "dev", dev, "nodad").check();
    }

    private static void configureLink6(Netns ns, InetAddress address, InetAddress gateway) {
        addAddress6(ns, address, LINK);
        ns.ip("-6", "route", "add", "default", "via", gateway.getHostAddress()).check();
    }

    /** @return a failure description, empty when the namespace is gone (or never existed) */
    private static Optional<String> deleteNamespace(String name) {
        if (!namespaces(name).contains(name)) {
            return Optional.empty();
        }
        // A process left inside keeps the namespace (and its veths) alive after "ip netns delete".
        for (long pid : new Netns(name).pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        CommandResult r = Command.of("ip", "netns", "delete", name).run();
        return r.ok() ? Optional.empty() : Optional.of(new CommandFailedException(r).getMessage());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete sandbox work directory " + dir, e);
        }
    }
}
