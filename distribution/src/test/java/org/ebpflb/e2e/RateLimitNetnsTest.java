package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestRecord;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rate-limit plugin with the real {@code bin/lb run} in namespaces (prefix {@code lbrl-e2e-}, AddressPlan block
 * 46): SYN floods with hping3 from the first client while the second client works, measured at the backends
 * ({@link SynCapture}) and in the load balancer's own counters.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitNetnsTest {
    private static final String PREFIX = "lbrl-e2e-";
    private static final int BLOCK = 46;
    private static final int BACKENDS = 2;
    private static final int FLOODER = 0;
    private static final int WORKER = 1;
    private static final int SOURCE_RATE = 100;
    private static final int SOURCE_BURST = 100;
    private static final int BACKEND_RATE = 40;
    private static final int BACKEND_BURST = 40;
    /** hping3's pause between SYNs: it sends about 2500 to 4000 per second with it on this kind of machine. */
    private static final int FLOOD_INTERVAL_MICROS = 20;
    private static final int MAX_CONNECTIONS = 4096;
    private static final int SOURCE_BUCKETS = 1024;
    private static final int REQUESTS = 500;
    private static final int WORKER_RATE = SOURCE_RATE * 4 / 5;
    /** Measurement windows start this long after a flood's first admitted SYN, when every burst is spent. */
    private static final long SETTLE_MILLIS = 2000;
    private static final String RATE_LIMITS = "/api/v1/rate-limits";

    @AutoClose
    private DataPlaneLab lab;

    @BeforeAll
    void start() {
        lab = DataPlaneLab.create(RateLimitNetnsTest.class.getSimpleName(),
                new SandboxSpec(PREFIX, BLOCK, BACKENDS, 1, false), OptionalInt.empty());
        lab.start(config(perSource()));
        awaitLimits("per-source");
    }

    @Test
    @Order(1)
    void aFloodIsHeldToThePerSourceRateWhileAnotherClientSeesNoFailureAndLittleDelay() {
        RequestsReport quiet = workerRequests();
        assertEquals(0, quiet.failed(), () -> "failures without a flood: " + quiet.failures());
        long quietP99 = p99(quiet);

        List<SynCapture> captures = captures(FLOODER);
        long droppedBefore = dropped("source");
        SynFlood flood = SynFlood.start(lab.sandbox(), lab.sandbox().client(FLOODER), lab.web(),
                FLOOD_INTERVAL_MICROS, 11, false);
        Netns.pause(Duration.ofSeconds(1));
        RequestsReport flooded = workerRequests();
        long sent = flood.awaitSent();
        long droppedDuring = dropped("source") - droppedBefore;

        double sentRate = sent / seconds(flood.duration());
        lab.say(String.format(Locale.ROOT, "flood: %d SYNs in %.1f s (%.0f/s, %.1fx the per-source rate %d/s)", sent,
                seconds(flood.duration()), sentRate, sentRate / SOURCE_RATE, SOURCE_RATE));
        assertTrue(sentRate >= 20 * SOURCE_RATE, "hping3 sent only " + sentRate + "/s, less than 20x the rate");

        assertEquals(0, flooded.failed(), () -> "failures of the other client during the flood: "
                + flooded.failures());
        long floodedP99 = p99(flooded);
        lab.say(String.format(Locale.ROOT, "other client, %d sequential requests at %d/s: p99 %d ms without the "
                + "flood, %d ms during it", REQUESTS, WORKER_RATE, quietP99, floodedP99));
        assertTrue(floodedP99 <= 2 * Math.max(1, quietP99), "p99 during the flood " + floodedP99
                + " ms is more than twice the p99 without it, " + quietP99 + " ms");

        captures.forEach(SynCapture::stop);
        List<Long> admitted = merged(captures);
        double rate = steadyRate(admitted);
        lab.say(String.format(Locale.ROOT, "flooding client: %d SYNs admitted (burst %d), %.1f/s after the burst "
                + "(rate %d/s); %d dropped and counted for scope source", admitted.size(), SOURCE_BURST, rate,
                SOURCE_RATE, droppedDuring));
        assertEquals(SOURCE_RATE, rate, SOURCE_RATE * 0.1, "admitted new connections/s of the flooding client");
        assertEquals(sent, droppedDuring + admitted.size(), sent * 0.02,
                "every SYN sent is either admitted (seen by a backend) or dropped and counted");

        CommandResult status = lab.lb().cli("status");
        assertTrue(status.ok() && status.stdout().contains("rate-limit:") && status.stdout().contains("dropped:"),
                () -> "lb status shows no rate-limit section:\n" + status);
    }

    @Test
    @Order(2)
    void aFloodIsHeldToThePerBackendRateAtEachBackend() {
        reload(perBackend());
        List<List<Long>> perBackend = new ArrayList<>();
        List<SynCapture> captures = captures(FLOODER);
        long droppedBefore = dropped("backend");
        SynFlood flood = SynFlood.start(lab.sandbox(), lab.sandbox().client(FLOODER), lab.web(),
                FLOOD_INTERVAL_MICROS, 7, false);
        long sent = flood.awaitSent();
        captures.forEach(c -> {
            c.stop();
            perBackend.add(c.arrivals());
        });
        long droppedDuring = dropped("backend") - droppedBefore;
        for (int b = 0; b < BACKENDS; b++) {
            double rate = steadyRate(perBackend.get(b));
            lab.say(String.format(Locale.ROOT, "%s: %d new connections admitted, %.1f/s after the burst (per-backend "
                    + "rate %d/s)", DemoBackends.name(b + 1), perBackend.get(b).size(), rate, BACKEND_RATE));
            assertEquals(BACKEND_RATE, rate, BACKEND_RATE * 0.1, "admitted new connections/s at "
                    + DemoBackends.name(b + 1));
        }
        long admitted = perBackend.stream().mapToLong(List::size).sum();
        lab.say(droppedDuring + " of " + sent + " SYNs dropped and counted for scope backend");
        assertEquals(sent, droppedDuring + admitted, sent * 0.02,
                "every SYN sent is either admitted (seen by a backend) or dropped and counted");
    }

    @Test
    @Order(3)
    void aSpoofedSourceFloodDoesNotEvictAnotherClientsEstablishedFlows() {
        reload(perSource() + ", " + perBackend());
        int streams = 4;
        int streamSeconds = 11;
        NsProcess worker = lab.startClient(WORKER, "streams", new ClientPlan(lab.web(), 0, 1, streams,
                streamSeconds, 0, Duration.ofSeconds(streamSeconds + 30)));
        lab.awaitEstablished(address(WORKER), streams, Duration.ofSeconds(15));
        long newBefore = newConnections();
        SynFlood flood = SynFlood.start(lab.sandbox(), lab.sandbox().client(FLOODER), lab.web(),
                FLOOD_INTERVAL_MICROS, 6, true);
        long sent = flood.awaitSent();
        assertTrue(sent > 2 * MAX_CONNECTIONS && sent > SOURCE_BUCKETS, "the flood must be able to fill the "
                + "conntrack table and the bucket table without the per-backend limit, or nothing is tested");
        long inserted = newConnections() - newBefore;
        double bound = BACKENDS * (BACKEND_RATE * seconds(flood.duration()) + BACKEND_BURST);
        lab.say(String.format(Locale.ROOT, "spoofed flood: %d SYNs from random sources in %.1f s; %d new flows "
                + "admitted (per-backend bound %.0f), conntrack holds %d flows", sent, seconds(flood.duration()),
                inserted, bound, MAX_CONNECTIONS));
        assertTrue(inserted <= bound * 1.1, "the per-backend limit must bound inserts under a spoofed flood");

        assertEquals(0, worker.awaitExit(Duration.ofSeconds(streamSeconds + 30)), () -> worker.stderrTail(20));
        List<StreamReport> reports = ClientOutput.parse(worker.stdout()).streams();
        assertEquals(streams, reports.size(), worker::stdout);
        reports.forEach(s -> assertTrue(s.byteExact() && s.error().isEmpty(), s::toString));
        lab.say(streams + " established streams of the other client completed byte-exact through the flood");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private RequestsReport workerRequests() {
        ClientPlan plan = new ClientPlan(lab.web(), REQUESTS, 1, 0, 1, 0, Duration.ofSeconds(60), WORKER_RATE, true);
        return lab.runClient(WORKER, plan).requests().orElseThrow();
    }

    private static long p99(RequestsReport r) {
        List<Long> ms = r.log().stream().map(RequestRecord::millis).sorted().toList();
        assertEquals(REQUESTS, ms.size(), "one record per request");
        return ms.get((int) Math.ceil(ms.size() * 0.99) - 1);
    }

    /** New connections per second in the window from the settled start to half a second before the last. */
    private static double steadyRate(List<Long> arrivals) {
        assertTrue(arrivals.size() > 10, "too few admitted SYNs to measure: " + arrivals.size());
        long from = arrivals.get(0) + SETTLE_MILLIS;
        long to = arrivals.get(arrivals.size() - 1) - 500;
        assertTrue(to - from >= 3000, "the flood's admitted SYNs span too short a window: " + (to - from) + " ms");
        long n = arrivals.stream().filter(t -> t >= from && t < to).count();
        return n * 1000.0 / (to - from);
    }

    private List<SynCapture> captures(int client) {
        List<SynCapture> out = new ArrayList<>();
        for (int b = 1; b <= BACKENDS; b++) {
            out.add(SynCapture.start(lab.sandbox(), lab.sandbox().backend(b), address(client),
                    DemoBackends.HTTP_PORT));
        }
        return out;
    }

    private static List<Long> merged(List<SynCapture> captures) {
        return captures.stream().flatMap(c -> c.arrivals().stream()).sorted().toList();
    }

    private InetAddress address(int client) {
        return lab.addresses().clientAddress(client);
    }

    /** @return {@code GET /api/v1/rate-limits}: per service its limits and drops */
    private JsonNode limited() {
        try {
            return Json.mapper().readTree(lab.admin(RATE_LIMITS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long dropped(String scope) {
        return limited().path("services").path(DataPlaneLab.WEB).path("dropped")
                .path(scope).asLong();
    }

    private long newConnections() {
        return lab.serviceTraffic(lab.status(), DataPlaneLab.WEB).path("connectionsNew").asLong();
    }

    private static String perSource() {
        return "per-source { rate = " + SOURCE_RATE + ", burst = " + SOURCE_BURST + ", prefix = 32 }";
    }

    private static String perBackend() {
        return "per-backend { rate = " + BACKEND_RATE + ", burst = " + BACKEND_BURST + " }";
    }

    private void reload(String limits) {
        try {
            Files.writeString(lab.configFile(), config(limits));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        awaitLimits(limits.contains("per-backend") ? "per-backend" : "per-source");
        if (!limits.contains("per-source")) {
            awaitGone("per-source");
        }
    }

    private void awaitLimits(String scope) {
        await(() -> limited().path("services").path(DataPlaneLab.WEB).has(scope),
                "the admin API shows no " + scope + " limit");
    }

    private void awaitGone(String scope) {
        await(() -> !limited().path("services").path(DataPlaneLab.WEB).has(scope),
                "the admin API still shows the " + scope + " limit");
    }

    private static void await(BooleanSupplier done, String failure) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " after 15 s");
            }
            Netns.pause(Duration.ofMillis(100));
        }
    }

    private String config(String limits) {
        String interfaces = lab.listenInterfaces();
        String targets = lab.allTargets(DemoBackends.HTTP_PORT);
        return """
                # Written by RateLimitNetnsTest (ebpf-lb end-to-end test)
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s", max-connections = %d, rate-limit-buckets = %d }
                  services = [
                    {
                      name = "%s"
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = tcp }
                      targets = [ %s ]
                      rate-limit { %s }
                    }
                  ]
                }
                """.formatted(DataPlaneLab.INSTANCE, DemoConfig.ADMIN_LISTEN, lab.bpffsDir(), MAX_CONNECTIONS,
                SOURCE_BUCKETS, DataPlaneLab.WEB, interfaces, lab.addresses().vip().getHostAddress(),
                DataPlaneLab.WEB_PORT, targets, limits);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
