package org.ebpflb.plugin.healthtcp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.lab.app.JavaCommand;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Health probing at scale: builds lb-runtime's netns sandbox, serves the targets from {@link BenchListeners} in the
 * backend namespace and runs {@link ProbeLoad} (the health-tcp plugin) as its own JVM in the load balancer's
 * namespace, where the real prober runs, once per {@code --runs}. This process only runs {@code ip} and starts
 * processes; no probe or listener traffic touches the root namespace. It sweeps namespaces left by a killed run at
 * start and tears everything down at the end, on failure and on Ctrl-C. Needs root. Run it through
 * {@code plugins/health-tcp/bench.sh}.
 */
@Command(name = "bench.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Health probing at scale: CPU, heap and probe-interval precision of the health-tcp plugin "
                + "probing many TCP targets in network namespaces (root needed).")
public final class HealthProbeBench implements Callable<Integer> {
    /** Namespace name prefix this benchmark owns. */
    static final String PREFIX = "lbhb-";
    /** AddressPlan block 31 = 198.18.248.0/21, which neither the demo nor any test uses. */
    static final int BLOCK = 31;
    /** Listener addresses are .211 upward in the backend /24, past the plan's backend numbering (.11 to .210). */
    private static final int FIRST_HOST = 211;
    private static final int MAX_ADDRESSES = 40;
    private static final int FIRST_PORT = 20_000;
    private static final int CONTROL_PORT = 7_000;
    /** Time the prober gets beyond warm-up and window: JVM start, the two transitions, reporting. */
    private static final Duration PROBER_SLACK = Duration.ofSeconds(90);

    @Option(names = "--targets", defaultValue = "10000", description = "targets to probe (default ${DEFAULT-VALUE})")
    private int targets;

    @Option(names = "--addresses", defaultValue = "10",
            description = "listener addresses; targets are split evenly over them (default ${DEFAULT-VALUE}, max 40)")
    private int addressCount;

    @Option(names = "--health-check", defaultValue = "type = tcp, interval = 1s, timeout = 500ms",
            description = "the service's health-check fields, HOCON (default: ${DEFAULT-VALUE}; other fields take "
                    + "the plugin's defaults, e.g. jitter = 0.1)")
    private String healthCheck;

    @Option(names = "--tick", description = "override lb.plugins.health-tcp.tick (default: the plugin's, 100ms)")
    private String tick;

    @Option(names = "--warmup", defaultValue = "10s", description = "warm-up before the window (default ${DEFAULT-VALUE})")
    private String warmup;

    @Option(names = "--measure", defaultValue = "60s", description = "measurement window (default ${DEFAULT-VALUE})")
    private String measure;

    @Option(names = "--prober-jvm-opts", defaultValue = "-Xmx256m",
            description = "JVM options of the prober JVM, space-separated (default ${DEFAULT-VALUE})")
    private String proberJvmOpts;

    @Option(names = "--runs", defaultValue = "1", description = "prober runs, one JVM each (default ${DEFAULT-VALUE})")
    private int runs;

    /** Not for use: picocli builds it from the command line. */
    public HealthProbeBench() {
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new HealthProbeBench()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (addressCount < 1 || addressCount > MAX_ADDRESSES || targets < 1 || targets % addressCount != 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--targets " + targets
                    + " must be a positive multiple of --addresses " + addressCount + " (1.." + MAX_ADDRESSES + ")");
        }
        int ports = targets / addressCount;
        Duration window = ProbeLoad.duration(warmup).plus(ProbeLoad.duration(measure));
        machine();
        List<String> swept = Sandbox.sweepStale(PREFIX);
        if (!swept.isEmpty()) {
            System.out.println("removed namespaces left by an earlier run: " + swept);
        }
        int failed = 0;
        try (Sandbox sandbox = Sandbox.create(SandboxSpec.of(PREFIX, BLOCK).withBackends(1))) {
            AddressPlan plan = sandbox.addresses();
            Netns listenerNs = sandbox.backend(1);
            List<String> addresses = new ArrayList<>();
            for (int k = 0; k < addressCount; k++) {
                String address = host(plan.lbBackendSideAddress(), FIRST_HOST + k);
                listenerNs.ip("addr", "add", address + "/24", "dev", Sandbox.LINK).check();
                addresses.add(address);
            }
            String control = plan.backendAddress(1).getHostAddress() + ":" + CONTROL_PORT;
            Duration lifetime = window.plus(PROBER_SLACK).multipliedBy(runs).plusSeconds(60);
            NsProcess listeners = sandbox.start(listenerNs, "listeners", JavaCommand.forMain(BenchListeners.class,
                    List.of("--address", String.join(",", addresses), "--first-port", Integer.toString(FIRST_PORT),
                            "--ports", Integer.toString(ports), "--control", control,
                            "--lifetime", Long.toString(lifetime.toSeconds()))));
            String last = addresses.getLast();
            sandbox.lb().awaitTcp(InetAddress.getByName(last), FIRST_PORT + ports - 1, Duration.ofSeconds(60),
                    Optional.of(listeners));
            System.out.println("listeners: " + listeners.stdout().strip() + ", in namespace " + listenerNs
                    + "; prober in namespace " + sandbox.lb());
            for (int run = 1; run <= runs; run++) {
                System.out.println();
                System.out.println("=== run " + run + " of " + runs + " (load average " + loadAverage() + ")");
                List<String> args = List.of("--address", String.join(",", addresses), "--first-port",
                        Integer.toString(FIRST_PORT), "--ports", Integer.toString(ports), "--health-check", healthCheck,
                        "--warmup", warmup, "--measure", measure, "--control", control, "--fail-address", last);
                int code = probe(sandbox, "prober-" + run, args, window.plus(PROBER_SLACK));
                System.out.println("=== run " + run + " exit " + code + " (load average " + loadAverage() + ")");
                if (code != 0) {
                    failed++;
                }
                if (!listeners.alive()) {
                    throw new IllegalStateException("the listener process exited:\n" + listeners.stderrTail(20));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** Runs one prober JVM in the load balancer's namespace and relays its output as it comes. */
    private int probe(Sandbox sandbox, String label, List<String> args, Duration limit) throws InterruptedException {
        List<String> cmd = new ArrayList<>();
        // JavaCommand's flags make small, quick JVMs (C1 only, serial GC, 64 MiB): right for the listener, wrong for
        // the JVM being measured, which runs with the JVM's defaults plus --prober-jvm-opts, as bin/lb would.
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.stream(proberJvmOpts.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ProbeLoad.class.getName()));
        cmd.addAll(args);
        if (tick != null) {
            cmd.addAll(List.of("--tick", tick));
        }
        NsProcess prober = sandbox.start(sandbox.lb(), label, cmd);
        long deadline = System.nanoTime() + limit.toNanos();
        int shown = 0;
        while (prober.alive() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            shown = relay(prober.stdout(), shown);
        }
        int code = prober.awaitExit(Duration.ofSeconds(5));
        relay(prober.stdout(), shown);
        if (code != 0) {
            System.out.println(label + " stderr:" + System.lineSeparator() + prober.stderrTail(30));
        }
        return code;
    }

    private static int relay(String out, int shown) {
        System.out.print(out.substring(shown));
        System.out.flush();
        return out.length();
    }

    private static void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown");
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8).strip();
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), kernel "
                + kernel + ", JDK " + System.getProperty("java.vendor") + " " + Runtime.version());
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String host(InetAddress inSubnet, int host) throws UnknownHostException {
        byte[] raw = inSubnet.getAddress();
        raw[3] = (byte) host;
        return InetAddress.getByAddress(raw).getHostAddress();
    }
}
