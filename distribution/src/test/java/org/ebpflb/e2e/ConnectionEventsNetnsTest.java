package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Connection events through the real {@code bin/lb run} in namespaces (prefix {@code lbev-e2e-}, AddressPlan block
 * 58): {@code lb connections} during open streams, and 1,000 HTTP connections whose opened and closed events reach
 * the access-log plugin's rotated file with exactly the payload bytes curl sent and received.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionEventsNetnsTest {
    private static final String PREFIX = "lbev-e2e-";
    private static final int BLOCK = 58;
    private static final int STREAMS = 20;
    private static final int STREAM_SECONDS = 15;
    private static final int CONNECTIONS = 1000;
    private static final long MAX_SIZE = 64 * 1024;
    private static final int MAX_FILES = 50;

    @AutoClose
    private DataPlaneLab lab;
    private Path logDir;

    @BeforeAll
    void start() throws IOException {
        logDir = Files.createTempDirectory("lbev-access-log");
        lab = DataPlaneLab.create(ConnectionEventsNetnsTest.class.getSimpleName(),
                new SandboxSpec(PREFIX, BLOCK, 2, 0, false), OptionalInt.empty());
        lab.start(config("all"));
    }

    @AfterAll
    void removeLogs() throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(logDir);
    }

    @Test
    @Order(1)
    void lbConnectionsListsExactlyTheOpenStreamsWithGrowingBytes() throws IOException {
        NsProcess streams = lab.startClient(0, "streams", new ClientPlan(lab.web(), 0, 1, STREAMS, STREAM_SECONDS, 0,
                Duration.ofSeconds(STREAM_SECONDS + 30)));
        lab.awaitEstablished(lab.addresses().clientAddress(0), STREAMS, Duration.ofSeconds(15));
        Set<Integer> clientPorts = streamPorts();
        assertEquals(STREAMS, clientPorts.size(), "the client holds the streams");

        // the lab's readiness probes of the service closed moments ago: listed as closing until their timeout
        Map<Integer, Long> first = listed();
        Netns.pause(Duration.ofMillis(1500));
        Map<Integer, Long> second = listed();
        assertEquals(clientPorts, first.keySet(), "lb connections lists exactly the client's streams as established");
        assertEquals(clientPorts, second.keySet());
        for (int port : clientPorts) {
            assertTrue(second.get(port) > first.get(port), "bytes to client " + port + " grow: " + first.get(port)
                    + " then " + second.get(port));
        }
        CommandResult text = cli("connections");
        long rows = text.stdout().lines().filter(l -> l.startsWith(DataPlaneLab.WEB + " ")).count();
        assertTrue(text.ok() && text.stdout().contains("total: " + rows + " connections"), text::toString);
        assertEquals(STREAMS, text.stdout().lines().filter(l -> l.contains(" established ")).count(), text::toString);
        lab.say("lb connections: " + STREAMS + " streams listed, each with growing bytes");
        assertEquals(0, streams.awaitExit(Duration.ofSeconds(STREAM_SECONDS + 30)), () -> streams.stderrTail(20));
    }

    @Test
    @Order(2)
    void everyConnectionIsLoggedOpenedAndClosedWithTheBytesCurlCounted() throws IOException {
        Instant curlStart = Instant.now();
        Map<Integer, List<long[]>> curl = curl();
        assertEquals(CONNECTIONS, curl.values().stream().mapToInt(List::size).sum(), "curl's connections");

        List<JsonNode> lines = awaitLines(curl.keySet(), curlStart, 2 * CONNECTIONS);
        Map<Integer, List<JsonNode>> byPort = new HashMap<>();
        // lines of the streams before may share a port number with curl's: only the run's own lines count here
        for (JsonNode l : lines.stream().filter(l -> !Instant.parse(l.path("time").asText()).isBefore(curlStart))
                .toList()) {
            int port = port(l);
            byPort.computeIfAbsent(port, p -> new ArrayList<>()).add(l);
        }
        int exact = 0;
        for (Map.Entry<Integer, List<long[]>> c : curl.entrySet()) {
            // the client may reuse a port once the server closed the connection on it: one pair per use, in order
            List<JsonNode> logged = byPort.getOrDefault(c.getKey(), List.of());
            List<String> pairs = new ArrayList<>();
            c.getValue().forEach(use -> pairs.addAll(List.of("opened", "closed")));
            assertEquals(pairs, logged.stream().map(l -> l.path("event").asText()).toList(),
                    "client port " + c.getKey());
            for (int use = 0; use < c.getValue().size(); use++) {
                JsonNode closed = logged.get(2 * use + 1);
                long[] counted = c.getValue().get(use);
                assertEquals(counted[0], closed.path("bytes_from_client").asLong(), "sent by " + c.getKey());
                assertEquals(counted[1], closed.path("bytes_to_client").asLong(), "received by " + c.getKey());
                assertEquals("web", closed.path("service").asText());
                exact++;
            }
        }
        assertEquals(CONNECTIONS, exact);
        for (JsonNode l : lines) {
            int port = port(l);
            assertTrue(curl.containsKey(port) || Instant.parse(l.path("time").asText()).isBefore(curlStart),
                    () -> "logged during the curl run, not by curl: " + l);
        }
        lab.say(CONNECTIONS + " connections: " + CONNECTIONS + " opened and " + CONNECTIONS + " closed lines, payload "
                + "bytes equal to curl's each way");

        JsonNode events = eventsSection();
        assertEquals(0, events.path("dropped").asLong(), "events dropped");
        assertEquals(events.path("sent").asLong(), events.path("published").asLong(),
                "every event the kernel sent was published");
        assertEquals(0, lab.status().path("sections").path("access-log").path("dropped").asLong());

        List<Path> files = logFiles();
        assertTrue(files.size() > 2, "the log rotated: " + files);
        for (Path f : files) {
            assertTrue(Files.size(f) <= MAX_SIZE, f + " holds " + Files.size(f) + " bytes, over max-size");
        }
        lab.say("access log rotated into " + files.size() + " files of at most " + MAX_SIZE + " bytes");
    }

    @Test
    @Order(3)
    void badQueriesAndABadEventsValueAreRefusedWithTheirReason() throws IOException {
        CommandResult sort = cli("connections", "web", "--sort", "size");
        assertEquals(1, sort.exitCode(), sort::toString);
        assertTrue(sort.stderr().contains("sort 'size' must be age or bytes"), sort::toString);
        CommandResult unknown = cli("connections", "nope");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.stderr().contains("unknown service: nope"), unknown::toString);

        Path bad = logDir.resolve("bad.conf");
        Files.writeString(bad, config("sometimes"));
        CommandResult validate = lab.lb().cli("validate", "-c", bad.toString());
        assertEquals(1, validate.exitCode(), validate::toString);
        int line = Files.readAllLines(bad).indexOf(Files.readAllLines(bad).stream()
                .filter(l -> l.contains("events = sometimes")).findFirst().orElseThrow()) + 1;
        assertTrue((validate.stdout() + validate.stderr()).contains(bad + ":" + line
                + ": events = \"sometimes\" must be all, off or sampled(N) with N from 2 to 1000000"), validate::toString);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** @return the client's established streams to the service, by local port */
    private Set<Integer> streamPorts() {
        String vip = lab.addresses().vip().getHostAddress() + ":" + DataPlaneLab.WEB_PORT;
        String ss = lab.sandbox().client(0).exec("ss", "-Htn", "state", "established").check().stdout();
        Set<Integer> ports = new TreeSet<>();
        for (String l : ss.lines().toList()) {
            // Java's sockets are dual-stack: ss shows [::ffff:198.18.x.y]:port
            List<String> f = List.of(l.replace("[::ffff:", "").replace("]", "").trim().split("\\s+"));
            int peer = f.indexOf(vip);
            if (peer > 0) {
                ports.add(Integer.parseInt(f.get(peer - 1).replaceAll(".*:", "")));
            }
        }
        return ports;
    }

    /**
     * @return {@code lb connections web --json}: bytes to the client by client port of the established connections;
     *     every other one listed must be closing
     */
    private Map<Integer, Long> listed() throws IOException {
        CommandResult r = cli("connections", DataPlaneLab.WEB, "--json").orThrow();
        JsonNode page = Json.mapper().readTree(r.stdout()).get(0);
        Map<Integer, Long> out = new HashMap<>();
        for (JsonNode c : page.path("connections")) {
            if (c.path("state").asText().equals("established")) {
                out.put(Integer.parseInt(c.path("client").asText().replaceAll(".*:", "")),
                        c.path("bytes-to-client").asLong());
            } else {
                assertEquals("closing", c.path("state").asText(), c::toString);
            }
        }
        assertEquals(page.path("connections").size(), page.path("total").asLong(), "the total counts the listed");
        return out;
    }

    /**
     * One curl run in the client namespace: {@value #CONNECTIONS} HTTP/1.0 requests, each on its own connection (the
     * server closes after answering; with HTTP/1.1 curl would try to reuse the closed connection, resend the request
     * on a new one and count both). curl's own counts are the TCP payload: request bytes sent, header and body bytes
     * received.
     *
     * @return by client port, in the order curl used it: bytes sent, bytes received
     */
    private Map<Integer, List<long[]>> curl() {
        String url = "http://" + lab.addresses().vip().getHostAddress() + ":" + DataPlaneLab.WEB_PORT + "/?n=[1-"
                + CONNECTIONS + "]";
        CommandResult r = lab.sandbox().client(0).exec("curl", "-sS", "--http1.0", "--max-time", "5",
                "-w", "W %{local_port} %{size_request} %{size_header} %{size_download} %{http_code}\\n", url)
                .within(Duration.ofSeconds(60)).run().orThrow();
        Map<Integer, List<long[]>> out = new HashMap<>();
        for (String l : r.stdout().lines().filter(l -> l.startsWith("W ")).toList()) {
            String[] f = l.split(" ");
            assertEquals("200", f[5], l);
            out.computeIfAbsent(Integer.parseInt(f[1]), p -> new ArrayList<>()).add(new long[] {Long.parseLong(f[2]),
                    Long.parseLong(f[3]) + Long.parseLong(f[4])});
        }
        return out;
    }

    /**
     * @return every line of the log, once {@code count} of them since {@code since} are of the client ports given (or
     *     after 20 s)
     */
    private List<JsonNode> awaitLines(Set<Integer> ports, Instant since, int count) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            for (Path f : logFiles()) {
                for (String l : Files.readAllLines(f)) {
                    lines.add(Json.mapper().readTree(l));
                }
            }
            long ours = lines.stream().filter(l -> ports.contains(port(l))
                    && !Instant.parse(l.path("time").asText()).isBefore(since)).count();
            if (ours >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Netns.pause(Duration.ofMillis(200));
        }
    }

    private static int port(JsonNode line) {
        return Integer.parseInt(line.path("client").asText().replaceAll(".*:", ""));
    }

    /** @return the log's files oldest first: access.log.N .. access.log.1, access.log */
    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("access.log"))
                    .sorted(Comparator.comparingInt(ConnectionEventsNetnsTest::rotation).reversed()).toList();
        }
    }

    private static int rotation(Path f) {
        String name = f.getFileName().toString();
        return name.equals("access.log") ? 0 : Integer.parseInt(name.substring("access.log.".length()));
    }

    private JsonNode eventsSection() {
        return lab.status().path("sections").path("connection events");
    }

    private String config(String events) {
        String interfaces = lab.listenInterfaces();
        String targets = lab.allTargets(DemoBackends.HTTP_PORT);
        return """
                # Written by ConnectionEventsNetnsTest (ebpf-lb end-to-end test)
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s" }
                  plugins.access-log { enabled = true, file = "%s", max-size = %dKiB, max-files = %d,
                                       log = opened-and-closed }
                  services = [
                    {
                      name = "%s"
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = tcp }
                      targets = [ %s ]
                      events = %s
                    }
                  ]
                }
                """.formatted(DataPlaneLab.INSTANCE, DemoConfig.ADMIN_LISTEN, lab.bpffsDir(),
                logDir.resolve("access.log"), MAX_SIZE / 1024, MAX_FILES, DataPlaneLab.WEB, interfaces,
                lab.addresses().vip().getHostAddress(), DataPlaneLab.WEB_PORT, targets, events);
    }

    private CommandResult cli(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("-c", lab.configFile().toString()));
        return lab.lb().cli(argv.toArray(String[]::new));
    }
}
