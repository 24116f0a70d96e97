package org.ebpflb.lab.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.DemoClient;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;

/** One run of the demo: the steps in order, and the cleanup that runs after them or on Ctrl-C. */
final class DemoRun {
    private static final int[] WEIGHTS = {50, 30, 20};
    private static final String REWEIGHTED = "backend-1";
    private static final int NEW_WEIGHT = 10;
    private static final String KILLED = "backend-2";
    private static final String DRAINED = "backend-3";
    /** Streams open while the drain step drains a backend. */
    private static final int DRAIN_STREAMS = 6;
    private static final int DRAIN_STREAM_SECONDS = 6;
    private static final int SECTIONS = 6;
    private static final Duration RELOAD_LIMIT = Duration.ofSeconds(15);
    private static final Duration VERDICT_LIMIT = Duration.ofSeconds(20);

    private final PrintWriter out;
    private final Path lbHome;
    private final DemoSettings settings;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int section;
    // Written by the steps, read by the shutdown hook's cleanup.
    private volatile DemoBpffs bpffs;
    private volatile Sandbox sandbox;
    private volatile DemoLoadBalancer lb;
    private boolean cleanedUp;

    DemoRun(PrintWriter out, Path lbHome, DemoSettings settings) {
        this.out = out;
        this.lbHome = lbHome;
        this.settings = settings;
    }

    /** @return the exit code: 0 done, 2 a step or the teardown failed */
    int run() {
        Thread hook = new Thread(this::cleanup, "lb-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            steps();
            step("summary");
            out.print(Measurement.summary(measurements, notes));
            out.flush();
            step("done");
            code = 0;
        } catch (RuntimeException e) {
            out.println(interrupted() ? "lb demo interrupted" : "lb demo failed: " + e.getMessage());
            code = 2;
        }
        boolean clean = cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs cleanup, which already ran
        }
        return clean ? code : 2;
    }

    private void steps() {
        Optional<String> healthType = HealthPlugins.checkType(lbHome);
        boolean drain = Files.isDirectory(lbHome.resolve("plugins").resolve("drain"));
        step("ebpf-lb demo: a client, this load balancer (XDP) and " + WEIGHTS.length + " HTTP backends in network"
                + " namespaces; everything is removed at the end, also on Ctrl-C");
        List<String> stale = Sandbox.sweepStale(settings.prefix());
        if (!stale.isEmpty()) {
            step("removed namespaces left by an earlier run: " + String.join(", ", stale));
        }
        step("mounting a bpffs for pinned maps at " + settings.bpffs());
        bpffs = DemoBpffs.mount(settings.bpffs());

        SandboxSpec spec = SandboxSpec.of(settings.prefix(), settings.block()).withBackends(WEIGHTS.length);
        step("building the sandbox: namespaces " + settings.prefix() + "{client,lb,backend1.."
                + WEIGHTS.length + "} in " + spec.addresses().blockPrefix());
        sandbox = Sandbox.create(spec);
        step("client " + spec.addresses().clientAddress(0).getHostAddress() + " -> VIP "
                + spec.addresses().vip().getHostAddress() + ":80 on " + sandbox.lb().name() + " (XDP on "
                + sandbox.lbClientDevice(0) + ") -> backends " + spec.addresses().backendSubnet());

        step("starting " + WEIGHTS.length + " HTTP backends (one JVM each, in its own namespace)");
        DemoBackends backends = DemoBackends.start(sandbox, DemoBackends.HTTP_PORT, OptionalInt.empty());

        DemoConfig config = config(healthType);
        config.writeTo(settings.configFile());
        step("configuration " + settings.configFile() + ": service " + DemoConfig.SERVICE + " weights "
                + weights(config) + healthType.map(t -> ", " + t + " health checks").orElse(", no health checks"
                + " (no health plugin installed)"));

        step("starting the load balancer: " + DemoLoadBalancer.launcher(lbHome) + " run -c " + settings.configFile()
                + " in " + sandbox.lb().name());
        lb = DemoLoadBalancer.start(sandbox, lbHome, settings.configFile());
        lb.awaitAdmin(Duration.ofSeconds(60));
        step("admin API is up; waiting for the service to answer through the load balancer");
        awaitService(config, Duration.ofSeconds(30));

        section("traffic against the configured weights");
        measure("initial weights", config, Map.of());

        section("a weight change by reload");
        DemoConfig reweighted = reweight(config);
        measure("after the reload", reweighted, Map.of());

        section("lb explain " + DemoConfig.SERVICE);
        printCli(lb.cli("explain", DemoConfig.SERVICE));

        section("a backend fails and comes back");
        if (healthType.isPresent()) {
            killAndRestart(backends, reweighted, "health-" + healthType.get());
        } else {
            skipped("backend failure: skipped, no health plugin installed (plugins/health-http or plugins/health-tcp)");
        }

        section("drain");
        if (drain) {
            drain(reweighted);
        } else {
            skipped("drain: not available yet (no drain plugin installed)");
        }

        section("IPv6: the same backends behind an IPv6 service, added at runtime");
        ipv6Twin(config);
    }

    /**
     * Adds {@value DemoConfig#SERVICE6}, the IPv6 twin of the demo's service, with {@code lb service add} (kept in the
     * overlay beside the configuration file) and measures it from the client over IPv6.
     */
    private void ipv6Twin(DemoConfig config) {
        DemoConfig twin = config.ipv6Twin(sandbox.addresses().vip6(), targets(sandbox.addresses()::backendAddress6));
        Path snippet = twin.writeServiceTo(settings.stateDir().resolve(DemoConfig.SERVICE6 + ".conf"));
        step("adding service " + DemoConfig.SERVICE6 + " on " + new Endpoint(twin.vip(), twin.port()) + " -> the"
                + " backends' IPv6 addresses in " + sandbox.addresses().blockPrefix6() + ", weights " + weights(twin)
                + ": lb service add --file " + snippet);
        printCli(lb.cli("service", "add", "--file", snippet.toString()));
        awaitService(twin, Duration.ofSeconds(30));
        measure("IPv6 through " + DemoConfig.SERVICE6, twin, Map.of());
    }

    private DemoConfig reweight(DemoConfig config) {
        DemoConfig reweighted = config.withWeight(REWEIGHTED, NEW_WEIGHT);
        reweighted.writeTo(settings.configFile());
        String target = config.target(REWEIGHTED).endpoint().toString();
        step("changing " + REWEIGHTED + "'s weight " + config.target(REWEIGHTED).weight() + " -> " + NEW_WEIGHT
                + " in " + settings.configFile() + " and reloading (" + lb.reload() + ")");
        long start = System.nanoTime();
        lb.awaitTarget(DemoConfig.SERVICE, target, t -> t.base() == NEW_WEIGHT, RELOAD_LIMIT).orElseThrow(() ->
                new CommandFailedException("the load balancer did not apply " + REWEIGHTED + "'s new weight within "
                        + RELOAD_LIMIT.toSeconds() + "s after the reload; log tail:" + System.lineSeparator()
                        + lb.logTail()));
        step("the load balancer applied the new weights " + weights(reweighted) + " " + since(start));
        return reweighted;
    }

    private void killAndRestart(DemoBackends backends, DemoConfig config, String healthModifier) {
        int killed = index(KILLED);
        String target = backends.http(killed).toString();
        step("killing " + KILLED + " (" + target + ")");
        backends.stop(killed);
        long start = System.nanoTime();
        TargetWeights down = awaitVerdict(target, t -> t.effective() == 0, "take " + KILLED + " out");
        step("health checks took " + KILLED + " out " + since(start) + ": " + verdict(down, healthModifier));
        measure(KILLED + " down", config, Map.of(KILLED, "down"));

        step("restarting " + KILLED);
        backends.restart(killed);
        start = System.nanoTime();
        TargetWeights back = awaitVerdict(target, t -> t.effective() > 0, "bring " + KILLED + " back");
        step("health checks brought " + KILLED + " back " + since(start) + ": " + verdict(back, healthModifier));
        if (back.effective() < back.base()) {
            // slow start: a recovered target ramps up to its weight (4 x interval unless configured)
            back = awaitVerdict(target, t -> t.effective() == t.base(), "give " + KILLED + " its full weight");
            step(KILLED + " has its full weight again " + since(start) + " (slow start ramps a recovered backend"
                    + " up): " + verdict(back, healthModifier));
        }
        measure(KILLED + " back", config, Map.of());
    }

    private TargetWeights awaitVerdict(String target, Predicate<TargetWeights> condition, String what) {
        return lb.awaitTarget(DemoConfig.SERVICE, target, condition, VERDICT_LIMIT).orElseThrow(() ->
                new CommandFailedException("health checks did not " + what + " within " + VERDICT_LIMIT.toSeconds()
                        + "s; the target's trace: " + lb.targets(DemoConfig.SERVICE).stream()
                        .filter(t -> t.target().equals(target)).findFirst().map(Object::toString).orElse("none")));
    }

    private static String verdict(TargetWeights t, String healthModifier) {
        return t.factor(healthModifier).map(Object::toString).orElse("effective weight "
                + (long) t.effective());
    }

    /**
     * Drains a backend for real: long streams are open when the drain starts, new connections measured during the
     * drain skip the backend, {@code lb drain --wait} returns when its last stream ended, and every stream finished
     * byte-exact.
     */
    private void drain(DemoConfig config) {
        Endpoint target = config.target(DRAINED).endpoint();
        ClientPlan streaming = new ClientPlan(new Endpoint(config.vip(), config.port()), 0, 1, DRAIN_STREAMS,
                DRAIN_STREAM_SECONDS, 0, Duration.ofSeconds(DRAIN_STREAM_SECONDS + 30L));
        step("opening " + DRAIN_STREAMS + " streams of " + DRAIN_STREAM_SECONDS + "s from " + sandbox.client().name()
                + " to " + streaming.target());
        NsProcess streams = sandbox.start(sandbox.client(), "drain-streams", DemoClient.commandLine(streaming));
        awaitStreams(Duration.ofSeconds(20));
        step("draining " + DRAINED + " (" + target + ")");
        printCli(lb.cli("drain", DemoConfig.SERVICE, target.toString(), "--timeout", "30s"));
        measure(DRAINED + " drained", config, Map.of(DRAINED, "drained"));
        step("waiting for " + DRAINED + "'s streams to finish: lb drain --wait");
        printCli(lb.cli("drain", DemoConfig.SERVICE, target.toString(), "--wait"));
        streams.awaitExit(Duration.ofSeconds(DRAIN_STREAM_SECONDS + 40L));
        List<StreamReport> reports = ClientOutput.parse(streams.stdout()).streams();
        long onDrained = reports.stream().filter(r -> r.backend().equals(DRAINED)).count();
        long exact = reports.stream().filter(StreamReport::byteExact).count();
        step(reports.size() + " streams finished, " + onDrained + " of them on " + DRAINED + "; " + exact
                + " byte-exact");
        if (exact != DRAIN_STREAMS) {
            notes.add("drain: only " + exact + " of " + DRAIN_STREAMS + " streams finished byte-exact");
        }
        step("undraining " + DRAINED);
        printCli(lb.cli("undrain", DemoConfig.SERVICE, target.toString()));
    }

    /** Waits until the client holds the drain step's streams (counted on the client's own sockets). */
    private void awaitStreams(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String ss = sandbox.client().exec("ss", "-Htn", "state", "established").check().stdout();
            if (ss.lines().filter(l -> !l.isBlank()).count() >= DRAIN_STREAMS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("the drain step's " + DRAIN_STREAMS + " streams did not open within "
                        + limit.toSeconds() + "s");
            }
            Netns.pause(Duration.ofMillis(100));
        }
    }

    private DemoConfig config(Optional<String> healthType) {
        return new DemoConfig("demo", DemoConfig.SERVICE, bpffs.dir(), DemoConfig.ADMIN_LISTEN,
                List.of(sandbox.lbClientDevice(0)), sandbox.addresses().vip(), 80,
                targets(sandbox.addresses()::backendAddress), healthType);
    }

    /** @return the backends with the demo's weights, each at the address {@code address} gives its number */
    private static List<DemoTarget> targets(IntFunction<InetAddress> address) {
        return IntStream.rangeClosed(1, WEIGHTS.length)
                .mapToObj(b -> new DemoTarget(DemoBackends.name(b), new Endpoint(address.apply(b),
                        DemoBackends.HTTP_PORT), WEIGHTS[b - 1]))
                .toList();
    }

    private void awaitService(DemoConfig config, Duration limit) {
        String url = "http://" + new Endpoint(config.vip(), config.port()) + "/";
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            // -g: the brackets of an IPv6 address are not a curl glob
            CommandResult r = sandbox.client().exec("curl", "-g", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m",
                    "1", url).within(Duration.ofSeconds(5)).run();
            if (r.stdout().strip().equals("200")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException(url + " did not answer from " + sandbox.client().name() + " within "
                        + limit.toSeconds() + "s (last: " + r.stdout().strip() + " " + r.stderr().strip()
                        + "); load balancer log tail:" + System.lineSeparator() + lb.logTail());
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("interrupted");
            }
        }
    }

    private void measure(String title, DemoConfig config, Map<String, String> outOfService) {
        ClientPlan plan = ClientPlan.requests(new Endpoint(config.vip(), config.port()), settings.requests());
        step(title + ": " + plan.requests() + " requests from " + sandbox.client().name() + " to " + plan.target()
                + ", each on a new TCP connection");
        String stdout = sandbox.client().exec(DemoClient.commandLine(plan))
                .within(plan.deadline().plusSeconds(30)).check().stdout();
        RequestsReport r = ClientOutput.parse(stdout).requests()
                .orElseThrow(() -> new CommandFailedException("the client printed no report: " + stdout));
        SpreadTable table = new SpreadTable(SpreadTable.rows(config, outOfService), r.perBackend(), r.failed());
        out.print(table.render());
        out.flush();
        if (r.failed() > 0) {
            out.println("  failures: " + r.failures());
        }
        measurements.add(new Measurement(title, table));
    }

    private void printCli(CommandResult r) {
        Stream.of(r.stdout(), r.stderr()).flatMap(String::lines)
                .forEach(l -> out.println(l.isBlank() ? "" : "  " + l));
        if (!r.ok()) {
            out.println("  (exit code " + r.exitCode() + ")");
        }
    }

    private void section(String title) {
        step(++section + "/" + SECTIONS + " " + title);
    }

    private void skipped(String note) {
        step(note);
        notes.add(note);
    }

    private static String weights(DemoConfig config) {
        return config.targets().stream().map(t -> Integer.toString(t.weight())).collect(Collectors.joining("/"));
    }

    private static String since(long startNanos) {
        return String.format(Locale.ROOT, "after %.1fs", (System.nanoTime() - startNanos) / 1e9);
    }

    private static int index(String backend) {
        return Integer.parseInt(backend.substring(backend.lastIndexOf('-') + 1));
    }

    private void step(String line) {
        out.println("[demo] " + line);
    }

    // Set when the shutdown hook cleaned up under the running steps (Ctrl-C): their failure is the consequence.
    private synchronized boolean interrupted() {
        return cleanedUp;
    }

    /**
     * Stops the load balancer and backends, deletes the namespaces, unmounts the bpffs, removes the state directory;
     * a part that fails is reported and the rest still runs. Idempotent.
     *
     * @return whether everything was removed (true also when an earlier call did it)
     */
    private synchronized boolean cleanup() {
        if (cleanedUp) {
            return true;
        }
        cleanedUp = true;
        boolean clean = true;
        if (sandbox != null) {
            step("tearing down: stopping the load balancer and backends, deleting the namespaces");
            clean &= teardown("the sandbox", sandbox::close);
        }
        if (bpffs != null) {
            clean &= teardown("the bpffs at " + bpffs.dir(), bpffs::close);
        }
        clean &= teardown(settings.stateDir().toString(), () -> {
            try {
                Files.deleteIfExists(settings.configFile());
                Files.deleteIfExists(settings.overlayFile());
                Files.deleteIfExists(settings.stateDir().resolve(DemoConfig.SERVICE6 + ".conf"));
                Files.deleteIfExists(settings.stateDir());
                // On Ctrl-C the JVM exits from the shutdown hook, before Demo.run's own removal of the lock file.
                Files.deleteIfExists(settings.lockFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (sandbox != null && clean) {
            step("sandbox removed");
        }
        return clean;
    }

    private boolean teardown(String what, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            step("could not remove " + what + ": " + e.getMessage());
            return false;
        }
    }
}
