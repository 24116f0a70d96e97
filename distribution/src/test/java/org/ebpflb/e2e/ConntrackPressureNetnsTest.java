package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.JavaCommand;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Established connections against a full and a flooded conntrack table, through the distribution's {@code bin/lb run}
 * with {@code max-connections = 1024}: real idle keep-alive connections from a client namespace ({@link
 * IdleConnections}) to three real HTTP backends, a spoofed-source SYN flood (hping3, bounded to 10 s) from the same
 * client namespace, and what the clients saw next to what {@code lb status} counted.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConntrackPressureNetnsTest {
    private static final String PREFIX = "lbrd-ct-";
    private static final int BLOCK = 32;
    private static final int MAX_CONNECTIONS = 1024;
    private static final int FLOOD_SECONDS = 10;
    /** The status's conntrack figures are one census, at most a second old: wait that long to see a change. */
    private static final Duration CENSUS_AGE = Duration.ofMillis(1100);
    private static final Pattern RESULT = Pattern.compile(
            "result ok=(\\d+) reset=(\\d+) closed=(\\d+) timeout=(\\d+) error=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private DataPlaneLab lab;
    private Netns client;

    @BeforeAll
    void buildTheLab() {
        lab = DataPlaneLab.create(ConntrackPressureNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                OptionalInt.empty());
        client = lab.sandbox().client();
        lab.start(config());
    }

    @Test
    @Order(1)
    void idleFlowsSurviveATenSecondSpoofedSynFloodAtTheHighestRateThisMachineSends() {
        Idle idle = Idle.open(lab, "idle-200", 200);
        long sentBefore = txPackets();
        long start = System.nanoTime();
        // --rand-source spoofs every SYN's source; the answers have no route out of the sandbox and die in the LB.
        NsProcess flood = lab.sandbox().start(client, "hping3", List.of("timeout", "-s", "INT",
                Integer.toString(FLOOD_SECONDS), "hping3", "-q", "-S", "-p", "80", "--flood", "--rand-source",
                lab.addresses().vip().getHostAddress()));
        Netns.pause(Duration.ofSeconds(FLOOD_SECONDS / 2));
        JsonNode during = conntrack();
        flood.awaitExit(Duration.ofSeconds(FLOOD_SECONDS + 20));
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = txPackets() - sentBefore;

        int[] result = idle.requestEach();
        JsonNode after = conntrack();
        lab.say(String.format(Locale.ROOT, "flood: %,d SYNs in %.1f s = %,.0f packets/s; conntrack during it: %s",
                sent, seconds, sent / seconds, during));
        lab.say("200 idle connections after the flood: " + outcome(result) + "; conntrack: " + after);
        assertTrue(sent > 10_000, "the flood sent " + sent + " packets");
        assertTrue(during.path("halfOpen").asLong() > 0, "the flood went to the half-open table: " + during);
        assertTrue(during.path("established").asLong() >= 200, "the idle connections stayed in the table: " + during);
        assertEquals(200, result[0], "every idle connection answered: " + outcome(result));
        assertEquals(0, result[1], "no idle connection reset: " + outcome(result));
        assertEquals(0, after.path("insertFailures").asLong());
    }

    @Test
    @Order(2)
    void threeThousandIdleConnectionsAtMaxConnections1024AreAnsweredNotReset() {
        JsonNode before = conntrack();
        Idle idle = Idle.open(lab, "idle-3000", 3000);
        Netns.pause(CENSUS_AGE);
        JsonNode held = conntrack();
        lab.say("3000 idle connections held; conntrack: " + held);
        assertTrue(held.path("established").asLong() <= MAX_CONNECTIONS, "the table holds what fits: " + held);

        int[] result = idle.requestEach();
        Netns.pause(CENSUS_AGE);
        JsonNode after = conntrack();
        String statusText = lab.lb().cli("status", "-c", lab.configFile().toString()).orThrow().stdout();
        lab.say("3000 idle connections: " + outcome(result) + "; conntrack: " + after + "; lb status: "
                + statusText.lines().filter(l -> l.startsWith("conntrack:")).findFirst().orElse("(no line)"));
        assertEquals(3000, result[0], "every idle connection answered: " + outcome(result));
        assertEquals(0, result[1], "no connection reset: " + outcome(result));
        long misses = after.path("misses").asLong() - before.path("misses").asLong();
        long evicted = after.path("evicted").asLong() - before.path("evicted").asLong();
        assertTrue(misses >= 3000 - MAX_CONNECTIONS, "connections beyond the table were re-derived: " + misses);
        // one entry per connection: the service has an address and its targets no other service
        assertTrue(evicted >= 3000 - MAX_CONNECTIONS, "the full table evicted entries: " + evicted);
        assertEquals(0, after.path("insertFailures").asLong());
        assertTrue(statusText.contains("conntrack: "), statusText);
    }

    /**
     * @return the conntrack figures of {@code GET /api/v1/status} (what {@code lb status} prints); asked again for up
     *     to 30 s, since one answer may take longer than the 2 s the lab's client waits on a loaded machine
     */
    private JsonNode conntrack() {
        AtomicReference<Optional<String>> answer = new AtomicReference<>(Optional.empty());
        Await.until("GET /api/v1/status", () -> {
            answer.set(lab.lb().adminGet("/api/v1/status"));
            return answer.get().isPresent();
        }, Duration.ofSeconds(30), Duration.ofMillis(500));
        String body = answer.get().orElseThrow();
        try {
            return JSON.readTree(body).path("conntrack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long txPackets() {
        String json = client.ip("-s", "-j", "link", "show", Sandbox.LINK).check().stdout();
        try {
            return JSON.readTree(json).path(0).path("stats64").path("tx").path("packets").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String outcome(int[] r) {
        return "ok=" + r[0] + " reset=" + r[1] + " closed=" + r[2] + " timeout=" + r[3] + " error=" + r[4];
    }

    private String config() {
        String targets = lab.allTargets(DemoBackends.HTTP_PORT);
        String interfaces = lab.listenInterfaces();
        return """
                # Written by ConntrackPressureNetnsTest (ebpf-lb end-to-end test)
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s", max-connections = %d }
                  services = [
                    {
                      name = "web"
                      listen { interfaces = [ %s ], address = "%s", port = 80, protocol = tcp }
                      targets = [ %s ]
                    }
                  ]
                }
                """.formatted(DataPlaneLab.INSTANCE, DemoConfig.ADMIN_LISTEN, lab.bpffsDir(), MAX_CONNECTIONS,
                interfaces, lab.addresses().vip().getHostAddress(), targets);
    }

    /** An {@link IdleConnections} run in the client namespace: its connections up and idle. */
    private record Idle(NsProcess process, Path go, int count) {
        static Idle open(DataPlaneLab lab, String label, int count) {
            Path go = lab.sandbox().workDir().resolve(label + ".go");
            NsProcess p = lab.sandbox().start(lab.sandbox().client(), label, JavaCommand.forMain(IdleConnections.class,
                    List.of(lab.addresses().vip().getHostAddress(), "80", Integer.toString(count), go.toString(),
                            "120")));
            Await.until(label + " connecting", () -> p.stdout().contains("connected ") || !p.alive(),
                    Duration.ofSeconds(90), Duration.ofMillis(100));
            assertTrue(p.stdout().contains("connected " + count + " failed 0"), p.stdout() + p.stderrTail(20));
            return new Idle(p, go, count);
        }

        /** @return ok, reset, closed, timeout, error */
        int[] requestEach() {
            try {
                Files.writeString(go, "go");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertEquals(0, process.awaitExit(Duration.ofSeconds(120)), process.stdout() + process.stderrTail(20));
            Matcher m = RESULT.matcher(process.stdout());
            assertTrue(m.find(), process.stdout());
            return IntStream.rangeClosed(1, 5).map(i -> Integer.parseInt(m.group(i))).toArray();
        }
    }
}
