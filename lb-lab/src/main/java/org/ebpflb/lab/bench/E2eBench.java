package org.ebpflb.lab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Sandbox;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark's main class ({@code tools/bench-e2e} runs it as root): for each round, each system in a
 * fresh topology, in an order rotated every round; then the tables and the targets' status. Exits 0 when every
 * system was measured, 1 on bad options, 2 when a measurement failed.
 */
@CommandLine.Command(name = "bench-e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Requests, connections, latency, bulk bytes and CPU through direct, nftables, HAProxy and "
                + "ebpf-lb, side by side in network namespaces.")
public final class E2eBench implements Callable<Integer> {
    @Option(names = "--lb-home", required = true, description = "the ebpf-lb installation (holds bin/lb)")
    Path lbHome;

    @Option(names = "--baseline-lb-home", description = "another ebpf-lb installation, measured as ebpf-lb-baseline "
            + "(xdp-mode auto) beside this one")
    Path baselineLbHome;

    @Option(names = "--rounds", defaultValue = "3", description = "interleaved rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seconds", defaultValue = "10", description = "length of each wrk run (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--connections", defaultValue = "32", description = "wrk connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--transfer-mb", defaultValue = "50", description = "MB per iperf3 transfer (default ${DEFAULT-VALUE})")
    int transferMb;

    @Option(names = "--transfers", defaultValue = "3",
            description = "transfers each way per round; their median counts (default ${DEFAULT-VALUE})")
    int transfers;

    @Option(names = "--systems", split = ",", description = "which systems (default all): direct, nftables, "
            + "haproxy, ebpf-lb-auto, ebpf-lb-native, ebpf-lb-generic, ebpf-lb-baseline (with --baseline-lb-home); "
            + "direct is always measured")
    List<String> systems = new ArrayList<>();

    @Option(names = "--smoke", description = "one short round with small transfers: checks the harness, measures nothing")
    boolean smoke;

    @Option(names = "--prefix", defaultValue = "lbbench-", description = "namespace name prefix (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--block", defaultValue = "62", description = "address block in 198.18.0.0/15 (default ${DEFAULT-VALUE})")
    int block;

    private final PrintWriter out;
    private volatile BenchTopology current;

    /** Creates the command; picocli fills in the options. */
    public E2eBench() {
        this(new PrintWriter(System.out, true));
    }

    /** @param out where progress and tables go */
    public E2eBench(PrintWriter out) {
        this.out = out;
    }

    /** @param args see {@code --help} */
    public static void main(String[] args) {
        System.exit(new CommandLine(new E2eBench()).execute(args));
    }

    @Override
    public Integer call() {
        List<BenchSystem> chosen;
        try {
            chosen = chosenSystems();
            if (!Files.isExecutable(lbHome.resolve("bin").resolve("lb"))) {
                throw new IllegalArgumentException("no bin/lb under --lb-home " + lbHome);
            }
            if (baselineLbHome != null && !Files.isExecutable(baselineLbHome.resolve("bin").resolve("lb"))) {
                throw new IllegalArgumentException("no bin/lb under --baseline-lb-home " + baselineLbHome);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench-e2e: " + e.getMessage());
            return 1;
        }
        Workloads workloads = smoke ? new Workloads(Duration.ofSeconds(1), 8, 5_000_000, 1)
                : new Workloads(Duration.ofSeconds(seconds), connections, transferMb * 1_000_000L, transfers);
        int roundCount = smoke ? 1 : rounds;
        Thread hook = new Thread(this::closeCurrent, "bench-e2e-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        Sandbox.sweepStale(prefix);
        printMachine();
        List<Measurement> measurements = new ArrayList<>();
        try {
            for (int round = 1; round <= roundCount; round++) {
                for (int i = 0; i < chosen.size(); i++) {
                    BenchSystem system = chosen.get((i + round - 1) % chosen.size());
                    measurements.add(measure(system, round, roundCount, workloads));
                }
            }
        } catch (RuntimeException e) {
            out.println("bench-e2e: measurement failed: " + e.getMessage());
            return 2;
        } finally {
            closeCurrent();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        print(new BenchReport(measurements), roundCount, workloads);
        return 0;
    }

    /** @return the systems of the report, in the order they are listed */
    List<BenchSystem> chosenSystems() {
        if (systems.isEmpty()) {
            List<BenchSystem> all = new ArrayList<>(List.of(BenchSystem.values()));
            if (baselineLbHome == null) {
                all.remove(BenchSystem.EBPF_LB_BASELINE);
            }
            return all;
        }
        List<BenchSystem> parsed = new ArrayList<>(List.of(BenchSystem.DIRECT));
        systems.stream().map(BenchSystem::parse).filter(s -> !parsed.contains(s)).forEach(parsed::add);
        if (parsed.contains(BenchSystem.EBPF_LB_BASELINE) && baselineLbHome == null) {
            throw new IllegalArgumentException("ebpf-lb-baseline needs --baseline-lb-home");
        }
        return parsed;
    }

    private Measurement measure(BenchSystem system, int round, int roundCount, Workloads workloads) {
        Instant start = Instant.now();
        out.printf(Locale.ROOT, "round %d/%d, %s: building a fresh topology%n", round, roundCount, system.label());
        current = BenchTopology.build(system, prefix, block,
                system == BenchSystem.EBPF_LB_BASELINE ? baselineLbHome : lbHome);
        out.printf(Locale.ROOT, "round %d/%d, %s: %s%n", round, roundCount, system.label(), current.middle());
        try {
            Measurement m = workloads.run(system, round, current);
            out.printf(Locale.ROOT, "round %d/%d, %s: keep-alive %,.0f req/s (p99 %.2f ms), new connections %,.0f/s,"
                            + " upload %.0f MB/s, download %.0f MB/s (%ds)%n", round, roundCount, system.label(),
                    m.keepAlive().requestsPerSecond(), m.keepAlive().p99Millis(),
                    m.newConnections().requestsPerSecond(), m.uploadMBps(), m.downloadMBps(),
                    Duration.between(start, Instant.now()).toSeconds());
            return m;
        } finally {
            closeCurrent();
        }
    }

    private void closeCurrent() {
        BenchTopology t = current;
        current = null;
        if (t != null) {
            t.close();
        }
    }

    private void printMachine() {
        out.println("machine: " + firstLine("uname", "-srm") + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + cpuModel());
        out.println("versions: " + String.join("; ", firstLine(lbHome.resolve("bin").resolve("lb").toString(),
                        "version"), baselineLbHome == null ? "no baseline" : "baseline " + firstLine(baselineLbHome
                        .resolve("bin").resolve("lb").toString(), "version"), firstLine("wrk", "-v"), firstLine("iperf3", "-v"), firstLine("haproxy", "-v"),
                firstLine("nft", "-v"), firstLine("nginx", "-v")));
    }

    private void print(BenchReport report, int roundCount, Workloads w) {
        out.printf(Locale.ROOT, "%nMedians of per-round ratios to direct over %d round(s); wrk -t2 -c%d -d%ds, "
                        + "iperf3 -n %dMB x%d each way; absolute medians in parentheses.%n%n", roundCount,
                w.connections(), w.duration().toSeconds(), w.transferBytes() / 1_000_000, w.transfers());
        out.println(report.throughputTable());
        out.println("CPU of the whole machine (client, load balancer and backend share it), percent of one core:");
        out.println();
        out.println(report.cpuTable());
        report.targets().forEach(line -> out.println("target: " + line));
        report.errors().forEach(line -> out.println("errors: " + line));
        out.flush();
    }

    private static String firstLine(String... argv) {
        CommandResult r = Command.of(argv).run();
        String text = (r.stdout() + r.stderr()).strip();
        return text.isEmpty() ? argv[0] + ": no output" : text.lines().findFirst().orElseThrow();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("CPU model unknown");
        } catch (IOException e) {
            return "CPU model unknown (" + e.getMessage() + ")";
        }
    }
}
