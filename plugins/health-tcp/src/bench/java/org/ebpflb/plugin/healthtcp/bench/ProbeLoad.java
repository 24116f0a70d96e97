package org.ebpflb.plugin.healthtcp.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.plugin.healthtcp.TcpHealthPlugin;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The prober of the benchmark, run inside the prober namespace: the real health-tcp plugin on lb-testkit's
 * {@link TestPluginContext}, checking one service whose targets are every port of every listener address. It warms up,
 * measures CPU, heap and probe intervals over a window, checks that every target is healthy, then closes one address's
 * listeners through the listener's control socket and times how long its targets take to turn unhealthy, opens them
 * again and times the recovery. It prints a table and exits 0 when every correctness check passed, 1 otherwise;
 * timing targets are reported, never enforced.
 */
@Command(name = "probe-load", mixinStandardHelpOptions = true,
        description = "Probe many TCP targets with the health-tcp plugin and measure the cost.")
public final class ProbeLoad implements Callable<Integer> {
    private static final String SERVICE = "bench";
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);
    /** How many bounds a transition is watched for before it is given up. */
    private static final int WATCH_BOUNDS = 3;
    private static final long HEAP_TARGET = 256L << 20;
    private static final long STALL_NANOS = Duration.ofMillis(100).toNanos();
    private static final int STALL_LINES = 20;

    @Option(names = "--address", split = ",", required = true, description = "listener addresses")
    private List<String> addresses;

    @Option(names = "--first-port", required = true, description = "first listening port on each address")
    private int firstPort;

    @Option(names = "--ports", required = true, description = "consecutive listening ports on each address")
    private int ports;

    @Option(names = "--health-check", required = true, description = "the service's health-check fields (HOCON)")
    private String healthCheck;

    @Option(names = "--tick", description = "overrides lb.plugins.health-tcp.tick (HOCON duration)")
    private String tick;

    @Option(names = "--warmup", required = true, description = "HOCON duration before the window")
    private String warmup;

    @Option(names = "--measure", required = true, description = "HOCON duration of the window")
    private String measure;

    @Option(names = "--control", required = true, description = "ip:port of the listeners' control socket")
    private String control;

    @Option(names = "--fail-address", required = true, description = "the address whose listeners get closed")
    private String failAddress;

    /** Not for use: picocli builds it from the command line. */
    public ProbeLoad() {
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProbeLoad()).execute(args));
    }

    /** How long the targets of the closed (or reopened) address took to change, from the command being sent. */
    private record Transition(String what, int targets, int changed, int withinBound, long p50, long max,
                              Duration bound, int othersChanged) {
        boolean ok() {
            return changed == targets && withinBound == targets && othersChanged == 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        Config plugin = (tick == null ? ConfigFactory.empty() : ConfigFactory.parseString("tick = " + tick))
                .withFallback(ConfigFactory.parseResources(TcpHealthPlugin.class, "/reference.conf")
                        .getConfig("lb.plugins.health-tcp"));
        Config effective = ConfigFactory.parseString(healthCheck).withFallback(plugin.getConfig("defaults"));
        Duration interval = effective.getDuration("interval");
        double jitter = fraction(effective.getValue("jitter"));
        List<Endpoint> endpoints = endpoints();
        StaticServiceModel model = model(endpoints);
        MeasuringEventBus bus = new MeasuringEventBus(endpoints, interval, jitter,
                e -> e.address().getHostAddress().equals(failAddress));
        say("%d targets (%d addresses x %d ports), health-check { %s }, jitter %s, tick %s", endpoints.size(),
                addresses.size(), ports, healthCheck, jitter, plugin.getString("tick"));
        say("JVM %s, flags %s, GC %s", Runtime.version(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList());
        try (TestPluginContext test = new TestPluginContext(plugin, model, Clock.systemUTC());
             ResourceMeter meter = new ResourceMeter(clockTicks());
             SchedulingNoise noise = new SchedulingNoise()) {
            TcpHealthPlugin health = new TcpHealthPlugin();
            health.start(new BenchContext(test, bus));
            try {
                return run(test, model, bus, meter, noise, effective, interval, plugin.getDuration("tick"));
            } finally {
                health.stop();
            }
        }
    }

    private int run(TestPluginContext test, StaticServiceModel model, MeasuringEventBus bus, ResourceMeter meter,
                    SchedulingNoise noise, Config effective, Duration interval, Duration tickPeriod)
            throws IOException, InterruptedException {
        say("warming up for %s", warmup);
        Thread.sleep(duration(warmup));
        noise.openWindow();
        List<String> stalls = new ArrayList<>();
        ResourceMeter.Window w = measure(bus, meter, noise, stalls);
        double pressure = noise.closeWindow();
        WeightModifier modifier = test.modifiers.get(0);
        long healthy = model.targets().stream().filter(t -> modifier.factor(t).value() > 0).count();
        long skipped = skipped(test);
        long live = meter.liveAfterFullGc();

        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < model.targets().size(); i++) {
            if (model.targets().get(i).endpoint().address().getHostAddress().equals(failAddress)) {
                failing.add(i);
            }
        }
        Duration downBound = interval.multipliedBy(effective.getInt("unhealthy-threshold")).plusSeconds(1);
        Transition down = transition("close", failing, downBound, bus::unhealthyAt, bus);
        Duration upBound = interval.multipliedBy(effective.getInt("healthy-threshold")).plusSeconds(1);
        Transition up = transition("open", failing, upBound, bus::healthyAt, bus);
        long healthyAfter = model.targets().stream().filter(t -> modifier.factor(t).value() > 0).count();
        int all = model.targets().size();

        ReportTable table = new ReportTable();
        resources(table, w, live, meter.maxHeap());
        probes(table, bus, w, skipped, interval);
        table.row("intervals within a quarter tick of whole ticks (0.5 = no snapping)", String.format(Locale.ROOT,
                "%.3f", bus.intervals.shareNearMultiplesOf(tickPeriod)));
        table.row("machine: CPU pressure (PSI some) in window", pressure < 0 ? "not available"
                : String.format(Locale.ROOT, "%.1f %%", pressure * 100));
        table.row("machine: 10 ms timer lateness, platform thread p50 / p99 / max", triple3(noise.platform));
        table.row("machine: 10 ms timer lateness, virtual thread p50 / p99 / max", triple3(noise.virtual));
        if (bus.failuresByReason.isEmpty()) {
            table.row("failed probes, any phase", "none");
        }
        new TreeMap<>(bus.failuresByReason).forEach((key, n) -> table.row("failed probes, " + key, n.toString()));
        table.row("health changes in window", Long.toString(bus.changes.get()), "0", bus.changes.get() == 0);
        table.row("healthy at end of window", healthy + " / " + all, "all", healthy == all);
        table.row(down.what(), transitionText(down), "<= " + down.bound().toMillis() + " ms", down.ok());
        table.row(up.what(), transitionText(up), "<= " + up.bound().toMillis() + " ms", up.ok());
        table.row("healthy at the end", healthyAfter + " / " + all, "all", healthyAfter == all);
        table.row("events about unknown endpoints", Long.toString(bus.strangers.get()), "0", bus.strangers.get() == 0);
        System.out.println();
        System.out.print(table.render());
        if (!stalls.isEmpty()) {
            say("seconds of the window with failed probes or a virtual-thread wake-up over 100 ms late (%d, first %d):",
                    stalls.size(), Math.min(STALL_LINES, stalls.size()));
            stalls.stream().limit(STALL_LINES).forEach(l -> say("  %s", l));
        }
        boolean correct = bus.failures.get() == 0 && bus.changes.get() == 0 && healthy == all && down.ok() && up.ok()
                && healthyAfter == all && bus.strangers.get() == 0;
        say(correct ? "correctness: all checks passed" : "correctness: FAILED (see the rows marked MISSED)");
        return correct ? 0 : 1;
    }

    /**
     * The window: CPU and heap from the meter, probe figures from the bus, a progress line every 10 s, and a line in
     * {@code stalls} for each second with failed probes or a virtual-thread wake-up later than 100 ms.
     */
    private ResourceMeter.Window measure(MeasuringEventBus bus, ResourceMeter meter, SchedulingNoise noise,
                                         List<String> stalls) throws InterruptedException {
        meter.openWindow();
        bus.openWindow();
        long start = System.nanoTime();
        long end = start + duration(measure).toNanos();
        long nextReport = start + Duration.ofSeconds(10).toNanos();
        long failures = 0;
        noise.platformWorstSinceLastCall();
        noise.virtualWorstSinceLastCall();
        while (System.nanoTime() < end) {
            Thread.sleep(Duration.ofNanos(Math.min(Duration.ofSeconds(1).toNanos(), end - System.nanoTime())));
            meter.sample();
            long failed = bus.failures.get() - failures;
            failures += failed;
            long platformLate = noise.platformWorstSinceLastCall();
            long virtualLate = noise.virtualWorstSinceLastCall();
            if (failed > 0 || virtualLate > STALL_NANOS) {
                stalls.add(String.format(Locale.ROOT, "%5.1f s: %5d failed; process CPU %.2f; waited for a CPU "
                        + "(s/s): carriers %.2f, tick %.2f, GC+JIT %.2f; latest wake-up: platform %s, virtual %s",
                        (System.nanoTime() - start) / 1e9, failed, meter.lastSecondCpu(),
                        meter.lastSecondWait(ThreadSchedStats.CARRIERS), meter.lastSecondWait(ThreadSchedStats.TICK),
                        meter.lastSecondWait(ThreadSchedStats.JVM), ReportTable.ms(platformLate),
                        ReportTable.ms(virtualLate)));
            }
            if (System.nanoTime() >= nextReport) {
                say("  %3d s: %d probes, %d failed", Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                        bus.probes.get(), bus.failures.get());
                nextReport += Duration.ofSeconds(10).toNanos();
            }
        }
        ResourceMeter.Window w = meter.closeWindow();
        bus.closeWindow();
        return w;
    }

    private void resources(ReportTable table, ResourceMeter.Window w, long live, long maxHeap) {
        table.row("window", String.format(Locale.ROOT, "%.1f s after %s warm-up", w.wall().toNanos() / 1e9, warmup));
        table.row("CPU, process CPU time / wall (1 = one core)", ReportTable.core(w.cpu()), "< 0.5", w.cpu() < 0.5);
        table.row("  user / system", ReportTable.core(w.user()) + " / " + ReportTable.core(w.system()));
        w.byThread().forEach((group, share) -> table.row("  " + group, ReportTable.core(share)));
        w.runQueue().forEach((group, v) -> table.row("  waited for a CPU (s/s), " + group + " threads",
                ReportTable.core(v[1])));
        table.row("  busiest 1 s sample", ReportTable.core(w.maxSecondCpu()));
        if (w.collected()) {
            table.row("heap used after GC, max in window", ReportTable.mib(w.maxAfterGc()), "< 256 MiB",
                    w.maxAfterGc() < HEAP_TARGET);
        } else {
            table.row("heap used after GC, max in window", "no collection in window");
        }
        table.row("heap used, max observed", ReportTable.mib(w.maxUsed()), "< 256 MiB", w.maxUsed() < HEAP_TARGET);
        table.row("heap live after a full GC (end)", ReportTable.mib(live), "< 256 MiB", live < HEAP_TARGET);
        table.row("max heap (-Xmx as applied)", ReportTable.mib(maxHeap));
        w.collections().forEach((gc, what) -> table.row("  " + gc, what));
    }

    private static void probes(ReportTable table, MeasuringEventBus bus, ResourceMeter.Window w, long skipped,
                               Duration interval) {
        table.row("probes completed", String.format(Locale.ROOT, "%d (%.0f/s)", bus.probes.get(),
                bus.probes.get() / (w.wall().toNanos() / 1e9)));
        table.row("probes failed (every backend is up)", Long.toString(bus.failures.get()), "0",
                bus.failures.get() == 0);
        table.row("probe starts skipped (previous still running)", Long.toString(skipped));
        table.row("probe latency p50 / p99 / max", triple3(bus.latencies));
        table.row("intervals measured", Long.toString(bus.errors.count()));
        table.row("|interval - " + healthCheckInterval(interval) + "| p50 / p99 / max", triple(bus.errors),
                "p99 < 100 ms", bus.errors.percentile(0.99) < 100_000_000L);
        table.row("interval p1 / p50 / p99", ReportTable.ms(bus.intervals.percentile(0.01)) + " / "
                + ReportTable.ms(bus.intervals.percentile(0.5)) + " / " + ReportTable.ms(bus.intervals.percentile(0.99)));
        table.row("beyond the jitter band p50 / p99 / max", triple(bus.beyondJitter));
    }

    /** Sends the command, then watches the targets of {@link #failAddress} until each changed or the time is up. */
    private Transition transition(String command, List<Integer> failing, Duration bound, IntToLongFunction changedAt,
                                  MeasuringEventBus bus) throws IOException, InterruptedException {
        long sent = MeasuringEventBus.epochNanos(Clock.systemUTC().instant());
        String reply = control(command + " " + failAddress);
        String expected = (command.equals("close") ? "closed " : "opened ") + failing.size();
        if (!reply.equals(expected)) {
            throw new IllegalStateException("listener control answered '" + reply + "' to '" + command + " "
                    + failAddress + "', expected '" + expected + "'");
        }
        long deadline = System.nanoTime() + bound.multipliedBy(WATCH_BOUNDS).toNanos();
        while (System.nanoTime() < deadline && failing.stream().anyMatch(i -> changedAt.applyAsLong(i) <= sent)) {
            Thread.sleep(POLL);
        }
        long[] times = failing.stream().mapToLong(changedAt::applyAsLong).filter(t -> t > sent)
                .map(t -> t - sent).sorted().toArray();
        int within = (int) Arrays.stream(times).filter(t -> t <= bound.toNanos()).count();
        BitSet failingSet = new BitSet();
        failing.forEach(failingSet::set);
        int others = 0;
        for (int i = 0; i < bus.size(); i++) {
            if (!failingSet.get(i) && bus.unhealthyAt(i) > sent) {
                others++;
            }
        }
        String what = command.equals("close")
                ? "listeners of " + failAddress + " closed: " + failing.size() + " targets unhealthy"
                : "listeners of " + failAddress + " reopened: " + failing.size() + " targets healthy";
        return new Transition(what, failing.size(), times.length, within,
                times.length == 0 ? 0 : times[(times.length - 1) / 2], times.length == 0 ? 0 : times[times.length - 1],
                bound, others);
    }

    private static String transitionText(Transition t) {
        return String.format(Locale.ROOT, "%d/%d, within bound %d, p50 %s, max %s%s", t.changed(), t.targets(),
                t.withinBound(), ReportTable.ms(t.p50()), ReportTable.ms(t.max()),
                t.othersChanged() == 0 ? "" : ", OTHER TARGETS UNHEALTHY: " + t.othersChanged());
    }

    private String control(String line) throws IOException {
        Endpoint at = Endpoint.parse(control);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(at.address(), at.port()), (int) CONTROL_TIMEOUT.toMillis());
            s.setSoTimeout((int) CONTROL_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return reply == null ? "(no reply)" : reply.strip();
        }
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>(addresses.size() * ports);
        for (String address : addresses) {
            for (int p = firstPort; p < firstPort + ports; p++) {
                out.add(new Endpoint(IpAddresses.parseLiteral(address), p));
            }
        }
        return out;
    }

    /** The model as the runtime builds it from lb.conf: one service, its targets parsed from HOCON. */
    private StaticServiceModel model(List<Endpoint> endpoints) {
        String targets = endpoints.stream()
                .map(e -> "{ ip = \"" + e.address().getHostAddress() + "\", port = " + e.port() + " }")
                .collect(Collectors.joining("\n  "));
        Config service = ConfigFactory.parseString("name = " + SERVICE + "\nhealth-check { " + healthCheck
                + " }\ntargets = [\n  " + targets + "\n]\n", ConfigParseOptions.defaults()
                .setOriginDescription("benchmark model"));
        List<TargetSpec> specs = service.getConfigList("targets").stream()
                .map(t -> new TargetSpec(Optional.of(IpAddresses.parseLiteral(t.getString("ip"))), Optional.empty(),
                        t.getInt("port"), 1, t)).toList();
        ServiceSpec spec = new ServiceSpec(SERVICE, new ListenSpec(List.of("eth0"), Optional.empty(), 80,
                Protocol.TCP), HashMode.FIVE_TUPLE, specs, List.of(), 16381, service);
        List<Target> all = specs.stream().map(t -> new Target(SERVICE, ServiceSpec.DEFAULT_GROUP,
                new Endpoint(t.ip().orElseThrow(), t.port()), 1, t)).toList();
        return new StaticServiceModel(List.of(spec), all);
    }

    /** @return probe starts skipped because the previous probe still ran, summed from the plugin's status section */
    private static long skipped(TestPluginContext test) {
        Object snapshot = test.statuses.get(0).snapshot();
        long sum = 0;
        for (Object service : ((Map<?, ?>) ((Map<?, ?>) snapshot).get("services")).values()) {
            for (Object target : (List<?>) ((Map<?, ?>) service).get("targets")) {
                sum += ((Number) ((Map<?, ?>) target).get("skipped")).longValue();
            }
        }
        return sum;
    }

    private static String triple(Histogram h) {
        return ReportTable.ms(h.percentile(0.5)) + " / " + ReportTable.ms(h.percentile(0.99)) + " / "
                + ReportTable.ms(h.max());
    }

    private static String triple3(Histogram h) {
        return ReportTable.ms3(h.percentile(0.5)) + " / " + ReportTable.ms3(h.percentile(0.99)) + " / "
                + ReportTable.ms3(h.max());
    }

    private static String healthCheckInterval(Duration interval) {
        return interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
    }

    private static double fraction(ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING && ((String) v.unwrapped()).endsWith("%")) {
            String s = (String) v.unwrapped();
            return Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100;
        }
        return ((Number) v.unwrapped()).doubleValue();
    }

    static Duration duration(String hocon) {
        return ConfigFactory.parseString("d = " + hocon).getDuration("d");
    }

    private static long clockTicks() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (p.waitFor() != 0) {
            throw new IOException("getconf CLK_TCK failed: " + out);
        }
        return Long.parseLong(out);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
