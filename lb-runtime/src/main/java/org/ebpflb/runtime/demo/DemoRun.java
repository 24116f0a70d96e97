package org.ebpflb.runtime.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.runtime.demo.app.ClientOutput;
import org.ebpflb.runtime.demo.app.ClientPlan;
import org.ebpflb.runtime.demo.app.DemoBackends;
import org.ebpflb.runtime.demo.app.DemoClient;
import org.ebpflb.runtime.demo.app.RequestsReport;
import org.ebpflb.runtime.demo.sandbox.CommandFailedException;
import org.ebpflb.runtime.demo.sandbox.CommandResult;
import org.ebpflb.runtime.demo.sandbox.Sandbox;
import org.ebpflb.runtime.demo.sandbox.SandboxSpec;

/** One run of the demo: the steps in order, and the cleanup that runs after them or on Ctrl-C. */
final class DemoRun {
    private static final int[] WEIGHTS = {50, 30, 20};
    private static final String REWEIGHTED = "backend-1";
    private static final int NEW_WEIGHT = 10;
    private static final String KILLED = "backend-2";
    private static final String DRAINED = "backend-3";
    private static final String EXPLAIN = "/api/v1/services/" + DemoConfig.SERVICE + "/explain";
    private static final Duration VERDICT_LIMIT = Duration.ofSeconds(20);

    private final PrintStream out;
    private final Path lbHome;
    private final DemoSettings settings;
    // Written by the steps, read by the shutdown hook's cleanup.
    private volatile DemoBpffs bpffs;
    private volatile Sandbox sandbox;
    private volatile DemoLoadBalancer lb;
    private boolean cleanedUp;

    DemoRun(PrintStream out, Path lbHome, DemoSettings settings) {
        this.out = out;
        this.lbHome = lbHome;
        this.settings = settings;
    }

    /** @return the exit code: 0 done, 2 a step failed */
    int run() {
        Thread hook = new Thread(this::cleanup, "lb-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            steps();
            step("done");
            return 0;
        } catch (RuntimeException e) {
            out.println(interrupted() ? "lb demo interrupted" : "lb demo failed: " + e.getMessage());
            return 2;
        } finally {
            cleanup();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs cleanup, which already ran
            }
        }
    }

    private void steps() {
        Optional<String> healthType = HealthPlugins.checkType(lbHome);
        boolean drain = Files.isDirectory(lbHome.resolve("plugins").resolve("drain"));
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

        measure("initial weights", config, Set.of());

        DemoConfig reweighted = config.withWeight(REWEIGHTED, NEW_WEIGHT);
        reweighted.writeTo(settings.configFile());
        Optional<String> before = lb.adminGet(EXPLAIN);
        step("changing " + REWEIGHTED + " weight " + config.target(REWEIGHTED).weight() + " -> " + NEW_WEIGHT
                + " and reloading (" + lb.reload() + ")");
        if (!lb.awaitChange(EXPLAIN, before, Duration.ofSeconds(15))) {
            step("note: " + EXPLAIN + " did not change within 15s after the reload");
        }
        measure("after the reload", reweighted, Set.of());

        step("lb explain " + DemoConfig.SERVICE);
        printCli(lb.cli("explain", DemoConfig.SERVICE));

        if (healthType.isPresent()) {
            killAndRestart(backends, reweighted);
        } else {
            step("backend failure: skipped, no health plugin installed (plugins/health-http or plugins/health-tcp)");
        }
        if (drain) {
            drain(reweighted);
        } else {
            step("drain: plugin not installed yet");
        }
    }

    private void killAndRestart(DemoBackends backends, DemoConfig config) {
        int killed = index(KILLED);
        Optional<String> before = lb.adminGet(EXPLAIN);
        step("killing " + KILLED + " (" + backends.http(killed) + ")");
        backends.stop(killed);
        boolean seen = lb.awaitChange(EXPLAIN, before, VERDICT_LIMIT);
        step(seen ? "health checks took " + KILLED + " out" : "note: no health verdict within "
                + VERDICT_LIMIT.toSeconds() + "s");
        measure(KILLED + " down", config, Set.of(KILLED));

        before = lb.adminGet(EXPLAIN);
        step("restarting " + KILLED);
        backends.restart(killed);
        seen = lb.awaitChange(EXPLAIN, before, VERDICT_LIMIT);
        step(seen ? "health checks brought " + KILLED + " back" : "note: no health verdict within "
                + VERDICT_LIMIT.toSeconds() + "s");
        measure(KILLED + " back", config, Set.of());
    }

    private void drain(DemoConfig config) {
        Endpoint target = config.target(DRAINED).endpoint();
        step("draining " + DRAINED + " (" + target + ")");
        printCli(lb.cli("drain", DemoConfig.SERVICE, target.toString(), "--timeout", "5s"));
        measure(DRAINED + " drained", config, Set.of(DRAINED));
        step("undraining " + DRAINED);
        printCli(lb.cli("undrain", DemoConfig.SERVICE, target.toString()));
    }

    private DemoConfig config(Optional<String> healthType) {
        List<DemoTarget> targets = IntStream.rangeClosed(1, WEIGHTS.length)
                .mapToObj(b -> new DemoTarget(DemoBackends.name(b),
                        new Endpoint(sandbox.addresses().backendAddress(b), DemoBackends.HTTP_PORT), WEIGHTS[b - 1]))
                .toList();
        return new DemoConfig("demo", bpffs.dir(), DemoConfig.ADMIN_LISTEN, List.of(sandbox.lbClientDevice(0)),
                sandbox.addresses().vip(), 80, targets, healthType);
    }

    private void awaitService(DemoConfig config, Duration limit) {
        String url = "http://" + config.vip().getHostAddress() + ":" + config.port() + "/";
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            CommandResult r = sandbox.client().exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "1",
                    url).within(Duration.ofSeconds(5)).run();
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

    private void measure(String title, DemoConfig config, Set<String> out) {
        ClientPlan plan = ClientPlan.requests(new Endpoint(config.vip(), config.port()), settings.requests());
        step(title + ": " + plan.requests() + " requests from " + sandbox.client().name() + " to " + plan.target()
                + ", each on a new TCP connection");
        String stdout = sandbox.client().exec(DemoClient.commandLine(plan))
                .within(plan.deadline().plusSeconds(30)).check().stdout();
        RequestsReport r = ClientOutput.parse(stdout).requests()
                .orElseThrow(() -> new CommandFailedException("the client printed no report: " + stdout));
        SpreadTable table = new SpreadTable(SpreadTable.expected(config, out), r.perBackend(), r.failed());
        this.out.print(table.render());
        if (r.failed() > 0) {
            this.out.println("  failures: " + r.failures());
        }
    }

    private void printCli(CommandResult r) {
        Stream.of(r.stdout(), r.stderr()).flatMap(String::lines).forEach(l -> out.println("  " + l));
        if (!r.ok()) {
            out.println("  (exit code " + r.exitCode() + ")");
        }
    }

    private static String weights(DemoConfig config) {
        return String.join("/", config.targets().stream().map(t -> Integer.toString(t.weight())).toList());
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

    /** Stops the load balancer and backends, deletes the namespaces, unmounts the bpffs. Idempotent. */
    private synchronized void cleanup() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        if (sandbox != null) {
            step("tearing down: stopping the load balancer and backends, deleting the namespaces");
            sandbox.close();
        }
        if (bpffs != null) {
            bpffs.close();
        }
        try {
            Files.deleteIfExists(settings.configFile());
            Files.deleteIfExists(settings.stateDir());
        } catch (IOException e) {
            out.println("[demo] could not remove " + settings.stateDir() + ": " + e.getMessage());
        }
        if (sandbox != null) {
            step("sandbox removed");
        }
    }
}
