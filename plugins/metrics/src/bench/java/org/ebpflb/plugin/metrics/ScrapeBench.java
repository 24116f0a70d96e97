package org.ebpflb.plugin.metrics;

import com.sun.management.OperatingSystemMXBean;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.TestPluginContext;

/**
 * How long a scrape of the metrics endpoint takes with N targets (default 1,000 in 10 services), each with traffic
 * counters, an effective weight, a health state and a latency histogram fed by probe events, plain and gzipped (as
 * Prometheus asks), against a baseline scrape of an instance without services measured in the same run. The counters
 * come from an in-memory snapshot: this measures the plugin's side of a scrape (building and writing every series over
 * HTTP, the body read whole by the client but not parsed); the kernel's side is three batch reads (see
 * KernelDataPlane). Run by bench.sh; never part of the test suite.
 */
public final class ScrapeBench {
    /** CPU time of this process: wall-clock times on a shared machine include waiting for a core. */
    private static final OperatingSystemMXBean CPU =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    private ScrapeBench() {
    }

    /** @param args [targets] [scrapes] */
    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("scrape-bench");
        double[] empty = measure(HoconModels.model(dir, "services = []"), scrapes, false);
        double[] full = measure(model(dir, targets), scrapes, false);
        double[] gzip = measure(model(dir, targets), scrapes, true);
        System.out.printf(Locale.ROOT, "scrape of an instance without services: %s%n", summary(empty));
        System.out.printf(Locale.ROOT, "scrape of %d targets:                  %s%n", targets, summary(full));
        System.out.printf(Locale.ROOT, "the same, gzip (as Prometheus asks):    %s%n", summary(gzip));
        System.out.printf(Locale.ROOT,
                "median ratio %.1fx (gzip %.1fx); a scrape under 50 ms (wall clock, median): %s%n",
                median(full) / median(empty), median(gzip) / median(empty),
                Math.max(median(full), median(gzip)) < 50 ? "met" : "NOT met");
    }

    private static ServiceModel model(Path dir, int targets) {
        StringBuilder hocon = new StringBuilder("services = [\n");
        int perService = 100;
        for (int s = 0; s * perService < targets; s++) {
            hocon.append("{ name = svc").append(s).append(", listen { interfaces = [lo], port = ").append(1000 + s)
                    .append(" }, targets = [");
            for (int t = s * perService; t < Math.min(targets, (s + 1) * perService); t++) {
                hocon.append("{ ip = \"198.18.").append(4 + t / 250).append('.').append(1 + t % 250)
                        .append("\", port = 8080, weight = 10 }\n");
            }
            hocon.append("] }\n");
        }
        return HoconModels.model(dir, hocon.append("]").toString());
    }

    private static double[] measure(ServiceModel model, int scrapes, boolean gzip) throws Exception {
        Map<String, Map<Endpoint, TrafficCounters>> counters = new LinkedHashMap<>();
        model.targets().forEach(t -> counters.computeIfAbsent(t.service(), k -> new LinkedHashMap<>())
                .put(t.endpoint(), new TrafficCounters(123_456, 98_765, 12_345_678, 98_765_432, 4_321, 4_300, 3, 21)));
        try (TestPluginContext context = new TestPluginContext(ConfigFactory.parseString(
                MetricsPluginTest.freeListen()).withFallback(ConfigFactory.parseResources(MetricsPlugin.class,
                "/reference.conf").getConfig("lb.plugins.metrics")), model, Clock.systemUTC())) {
            context.setStats(new SnapshotStats(counters));
            MetricsPlugin plugin = new MetricsPlugin();
            plugin.start(context);
            try {
                Instant now = Instant.now();
                counters.forEach((service, byTarget) -> {
                    Map<Endpoint, Double> weights = new LinkedHashMap<>();
                    byTarget.keySet().forEach(e -> weights.put(e, 10.0));
                    context.events().publish(new WeightsApplied(now, service, "default", weights, false));
                    for (Endpoint e : byTarget.keySet()) {
                        context.events().publish(new TargetHealthChanged(now, service, e, true, "bench"));
                        context.events().publish(new HealthProbeCompleted(now, service, e, "tcp", true,
                                Duration.ofMillis(3), "connected"));
                    }
                });
                URL url = URI.create("http://127.0.0.1:" + plugin.address().getPort() + "/metrics").toURL();
                int bytes = 0;
                for (int i = 0; i < 50; i++) {
                    bytes = fetch(url, gzip); // warm-up: JIT, connection handling
                }
                double[] ms = new double[scrapes];
                long cpuStart = CPU.getProcessCpuTime();
                for (int i = 0; i < scrapes; i++) {
                    long start = System.nanoTime();
                    fetch(url, gzip);
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                double cpuMs = (CPU.getProcessCpuTime() - cpuStart) / 1e6 / scrapes;
                System.out.printf(Locale.ROOT, "%d targets%s: %d bytes per scrape, %.2f ms of CPU per scrape (server "
                        + "and client, all threads)%n", model.targets().size(), gzip ? " (gzip)" : "", bytes, cpuMs);
                Arrays.sort(ms);
                return ms;
            } finally {
                plugin.stop();
            }
        }
    }

    /** @return the body's length as sent; the body is read whole, as Prometheus does, and not parsed (nor unzipped) */
    private static int fetch(URL url, boolean gzip) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        if (gzip) {
            c.setRequestProperty("Accept-Encoding", "gzip");
        }
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes().length;
        }
    }

    private static String summary(double[] sorted) {
        return String.format(Locale.ROOT, "median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d scrapes)",
                median(sorted), percentile(sorted, 0.9), percentile(sorted, 0.99), sorted[sorted.length - 1],
                sorted.length);
    }

    private static double median(double[] sorted) {
        return percentile(sorted, 0.5);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** Counters kept in memory and handed out as one snapshot. */
    private record SnapshotStats(Map<String, Map<Endpoint, TrafficCounters>> counters) implements DataPlaneStats {
        @Override
        public TrafficCounters service(String service) {
            return TrafficCounters.ZERO;
        }

        @Override
        public Map<Endpoint, TrafficCounters> targets(String service) {
            return counters.getOrDefault(service, Map.of());
        }

        @Override
        public Map<String, Long> drops() {
            return Map.of("malformed", 0L);
        }

        @Override
        public TrafficSnapshot snapshot(Collection<String> services) {
            Map<String, TrafficSnapshot.ServiceTraffic> out = new LinkedHashMap<>();
            for (String s : services) {
                out.put(s, new TrafficSnapshot.ServiceTraffic(TrafficCounters.ZERO, targets(s)));
            }
            return new TrafficSnapshot(out, drops());
        }
    }
}
