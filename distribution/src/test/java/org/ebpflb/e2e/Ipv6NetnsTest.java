package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.ebpflb.lab.sandbox.ChecksumErrors;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * IPv6 end to end through the distribution's {@code bin/lb run}: a dual-stack lab (namespaces {@code lbv6d-*},
 * {@link AddressPlan} block 16: 198.18.128.0/21 and 2001:db8:10::/48) with an IPv6 service {@value #WEB6} (the
 * IPv6 VIP, port 80, three backends by IPv6 address at weights 50/30/20, tcp health checks) beside an IPv4 service
 * {@value #WEB4} on the IPv4 VIP, port 80. Tx checksum offload is off on every device the load balancer sends from,
 * so every packet it forwards leaves with a computed checksum, and the receivers' checksum-error counters must stay
 * at 0 through all cases.
 */
@PrivilegedTier("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ipv6NetnsTest {
    private static final String PREFIX = "lbv6d-";
    private static final int BLOCK = 16;
    private static final String WEB6 = "web6";
    private static final String WEB4 = "web4";
    private static final Map<Integer, Integer> WEIGHTS = DataPlaneLab.weights(50, 30, 20);
    private static final int CONNECTIONS = 3000;
    private static final double TOLERANCE_POINTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DataPlaneLab lab;
    private static AddressPlan plan;

    @BeforeAll
    static void open() {
        lab = DataPlaneLab.create(Ipv6NetnsTest.class.getSimpleName(),
                SandboxSpec.of(PREFIX, BLOCK).withTxChecksumOffloadOff(), OptionalInt.empty());
        plan = lab.addresses();
        lab.start(config(WEIGHTS));  // waits for the IPv4 service
        lab.awaitHttp(lab.sandbox().client(), web6(), Duration.ofSeconds(30));
        await("health-tcp passes every IPv6 backend", Duration.ofSeconds(15),
                () -> IntStream.rangeClosed(1, 3).allMatch(b -> health(b).path("healthy").asBoolean()));
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void weightsHoldOverThreeThousandIpv6Connections() {
        RequestsReport r = lab.requests(new ClientPlan(web6(), CONNECTIONS, 8, 0, 1, 0, Duration.ofSeconds(90)));
        lab.say("weights " + WEIGHTS + " over " + CONNECTIONS + " IPv6 connections: " + shares(r));
        assertEquals(CONNECTIONS, r.answered(), "every connection answered: " + r);
        for (Map.Entry<Integer, Integer> w : WEIGHTS.entrySet()) {
            double share = 100.0 * r.perBackend().getOrDefault(DemoBackends.name(w.getKey()), 0) / r.answered();
            assertTrue(Math.abs(share - w.getValue()) <= TOLERANCE_POINTS, DemoBackends.name(w.getKey()) + " got "
                    + share + "%, weight " + w.getValue() + "%: " + r.perBackend());
        }
    }

    @Test
    @Order(2)
    void aDualStackPairOnOneNodeBothBalance() {
        RequestsReport v6 = lab.requests(ClientPlan.requests(web6(), 300));
        RequestsReport v4 = lab.requests(ClientPlan.requests(lab.web(), 300));
        lab.say("dual stack: " + WEB6 + " " + shares(v6) + ", " + WEB4 + " " + shares(v4));
        for (RequestsReport r : List.of(v6, v4)) {
            assertEquals(300, r.answered(), r.toString());
            assertEquals(3, r.perBackend().size(), "every backend answered " + r.target() + ": " + r.perBackend());
        }
    }

    @Test
    @Order(3)
    void streamsKeepTheirBackendAcrossAReloadAndARestart() {
        int streams = 6;
        int seconds = 8;
        NsProcess client = lab.startClient(0, "streams6", new ClientPlan(web6(), 0, 1, streams, seconds, 0,
                Duration.ofSeconds(seconds + 30)));
        Map<String, Integer> held = lab.awaitEstablished(plan.clientAddress6(0), streams,
                Duration.ofSeconds(15));
        writeConfig(DataPlaneLab.weights(20, 30, 50));
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        await("the reload shows the new weights", Duration.ofSeconds(15), () -> webWeights().equals(List.of(20, 30,
                50)));
        NsProcess stopped = lab.lb().process();
        stopped.signal("TERM");
        stopped.awaitExit(Duration.ofSeconds(20));
        lab.startLoadBalancer();
        lab.awaitHttp(lab.sandbox().client(), web6(), Duration.ofSeconds(30));
        assertEquals(0, client.awaitExit(Duration.ofSeconds(seconds + 40)), "the stream client's exit code");
        ClientOutput out = ClientOutput.parse(client.stdout());
        List<StreamReport> reports = out.streams();
        lab.say("streams " + held + " across reload and restart: " + reports.stream()
                .map(s -> s.backend() + (s.byteExact() ? " ok" : " " + s.error())).toList());
        assertEquals(streams, reports.size(), out.toString());
        for (StreamReport s : reports) {
            assertTrue(s.byteExact() && s.bytes() == s.expectedBytes(), "stream broken: " + s);
        }
        writeConfig(WEIGHTS);
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        await("weights back", Duration.ofSeconds(15), () -> webWeights().equals(List.of(50, 30, 20)));
    }

    @Test
    @Order(4)
    void healthTcpTakesAnIpv6BackendOutAndBack() {
        lab.backends().stop(3);
        await("health-tcp takes backend-3 out", Duration.ofSeconds(10), () -> !health(3).path("healthy").asBoolean());
        RequestsReport without = lab.requests(ClientPlan.requests(web6(), 200));
        lab.backends().restart(3);
        await("health-tcp takes backend-3 back", Duration.ofSeconds(10), () -> health(3).path("healthy").asBoolean());
        RequestsReport with = lab.requests(ClientPlan.requests(web6(), 300));
        lab.say("backend-3 stopped: " + without.perBackend() + " (health " + health(3).path("reason").asText()
                + " after restart); back: " + with.perBackend());
        assertEquals(200, without.answered(), without.toString());
        assertEquals(0, without.perBackend().getOrDefault(DemoBackends.name(3), 0), without.toString());
        assertEquals(300, with.answered(), with.toString());
        assertTrue(with.perBackend().getOrDefault(DemoBackends.name(3), 0) > 0, with.toString());
    }

    @Test
    @Order(5)
    void noReceiverCountedAChecksumErrorWithOffloadOff() {
        Map<String, ChecksumErrors> errors = lab.checksumErrors();
        lab.say("checksum errors at the receivers (tx offload off): " + errors);
        errors.forEach((ns, e) -> assertEquals(0, e.total(), ns + ": " + e));
    }

    private static Endpoint web6() {
        return new Endpoint(plan.vip6(), DataPlaneLab.WEB_PORT);
    }

    private static String config(Map<Integer, Integer> weights6) {
        String interfaces = lab.listenInterfaces();
        String targets6 = weights6.entrySet().stream()
                .map(e -> "{ ip = \"" + plan.backendAddress6(e.getKey()).getHostAddress() + "\", port = "
                        + DemoBackends.HTTP_PORT + ", weight = " + e.getValue() + " }")
                .collect(Collectors.joining(", "));
        return """
                lb {
                  instance = "%s"
                  admin { listen = "%s" }
                  dataplane { pin-root = "%s", xdp-mode = native }
                  services = [
                    { name = %s
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = tcp }
                      health-check { type = tcp, interval = 1s, timeout = 500ms, healthy-threshold = 1,
                                     unhealthy-threshold = 2, jitter = 0, slow-start = 0s }
                      targets = [ %s ] }
                    { name = %s
                      listen { interfaces = [ %s ], address = "%s", port = %d, protocol = tcp }
                      targets = [ %s ] }
                  ]
                }
                """.formatted(DataPlaneLab.INSTANCE, DemoConfig.ADMIN_LISTEN, lab.bpffsDir(), WEB6, interfaces,
                plan.vip6().getHostAddress(), DataPlaneLab.WEB_PORT, targets6, WEB4, interfaces,
                plan.vip().getHostAddress(), DataPlaneLab.WEB_PORT, lab.allTargets(DemoBackends.HTTP_PORT));
    }

    private static void writeConfig(Map<Integer, Integer> weights6) {
        try {
            Files.writeString(lab.configFile(), config(weights6));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return web6's default-group base weights as the admin API shows them, backend 1 first */
    private static List<Integer> webWeights() {
        for (JsonNode s : read("/api/v1/services")) {
            if (s.path("name").asText().equals(WEB6)) {
                for (JsonNode g : s.path("groups")) {
                    return IntStream.rangeClosed(1, 3).mapToObj(b -> target(g, b).path("base").asInt()).toList();
                }
            }
        }
        return List.of();
    }

    private static JsonNode target(JsonNode group, int backend) {
        String name = new Endpoint(plan.backendAddress6(backend), DemoBackends.HTTP_PORT).toString();
        for (JsonNode t : group.path("targets")) {
            if (t.path("target").asText().equals(name)) {
                return t;
            }
        }
        return JSON.createObjectNode();
    }

    /** @return health-tcp's entry for a web6 backend in the admin status */
    private static JsonNode health(int backend) {
        String name = new Endpoint(plan.backendAddress6(backend), DemoBackends.HTTP_PORT).toString();
        for (JsonNode section : read("/api/v1/status").path("sections")) {
            if (section.path("checked-by").asText().equals("health-tcp")) {
                for (JsonNode t : section.path("services").path(WEB6).path("targets")) {
                    if (t.path("target").asText().equals(name)) {
                        return t;
                    }
                }
            }
        }
        return JSON.createObjectNode();
    }

    private static JsonNode read(String path) {
        try {
            return JSON.readTree(lab.admin(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shares(RequestsReport r) {
        return r.perBackend().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.1f%%", e.getKey(), 100.0 * e.getValue() / r.answered()))
                .collect(Collectors.joining(", "));
    }

    private static void await(String what, Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + limit.toSeconds() + "s; log tail:\n"
                        + lab.lb().logTail());
            }
            Netns.pause(Duration.ofMillis(100));
        }
    }
}
