package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend and the client against each other over loopback only. */
class BackendServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private BackendServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = BackendServer.start("backend-7", new InetSocketAddress(LOOPBACK, 0),
                Optional.of(new InetSocketAddress(LOOPBACK, 0)), false);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void rootAnswersWithTheName() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("backend-7\n", r.body());
        assertEquals("backend-7", r.headers().firstValue("X-Backend").orElseThrow());
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void healthFollowsTheToggle() throws Exception {
        assertEquals(200, get("/health").statusCode());
        assertEquals(503, post("/health?set=sick").statusCode());
        assertEquals(503, get("/health").statusCode());
        assertEquals(200, post("/health?set=ok").statusCode());
        assertEquals(200, get("/health").statusCode());
        assertEquals(400, post("/health?set=maybe").statusCode());
        server.setHealthy(false);
        assertEquals(503, get("/health").statusCode());
    }

    @Test
    void aSickStartAnswers503() throws Exception {
        try (BackendServer sick = BackendServer.start("backend-8", new InetSocketAddress(LOOPBACK, 0),
                Optional.empty(), true)) {
            URI uri = URI.create("http://127.0.0.1:" + sick.httpPort() + "/health");
            assertEquals(503, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            assertTrue(sick.udpPort().isEmpty());
        }
    }

    @Test
    void streamDeliversThePattern() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/stream?seconds=1")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        StreamPattern.Verifier v = new StreamPattern.Verifier();
        try (InputStream in = r.body()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                v.accept(buf, 0, n);
            }
        }
        assertEquals(200, r.statusCode());
        assertTrue(v.exact(1), "bytes " + v.bytes() + ", first mismatch " + v.firstMismatch());
        assertEquals(400, get("/stream?seconds=0").statusCode());
        assertEquals(400, get("/stream").statusCode());
    }

    @Test
    void theClientCountsNewConnectionRequestsStreamsAndDatagrams() throws Exception {
        Endpoint httpTarget = new Endpoint(LOOPBACK, server.httpPort());
        ClientPlan plan = new ClientPlan(httpTarget, 25, 3, 2, 1, 0, Duration.ofSeconds(30));
        List<ClientReport> reports = DemoClient.run(plan);
        ClientOutput out = new ClientOutput(reports);
        RequestsReport req = out.requests().orElseThrow();
        assertEquals(Map.of("backend-7", 25), req.perBackend());
        assertEquals(25, req.sent());
        assertEquals(0, req.failed());
        assertEquals(2, out.streams().size());
        for (StreamReport s : out.streams()) {
            assertTrue(s.byteExact(), s.toString());
            assertEquals("backend-7", s.backend());
            assertEquals(StreamPattern.length(1), s.bytes());
        }

        Endpoint udpTarget = new Endpoint(LOOPBACK, server.udpPort().orElseThrow());
        UdpReport udp = new ClientOutput(DemoClient.run(ClientPlan.requests(udpTarget, 0).withUdp(12))).udp()
                .orElseThrow();
        assertEquals(Map.of("backend-7", 12), udp.perBackend());
        assertEquals(12, udp.sent());
    }

    @Test
    void aSteadyBurstIsPacedAndLogsEveryRequestWithItsBackendOrFailure() throws Exception {
        Endpoint target = new Endpoint(LOOPBACK, server.httpPort());
        long before = System.currentTimeMillis();
        RequestsReport r = new ClientOutput(DemoClient.run(ClientPlan.requests(target, 20)
                .steady(40, Duration.ofSeconds(20)))).requests().orElseThrow();
        assertEquals(20, r.log().size());
        assertTrue(r.log().stream().allMatch(q -> "backend-7".equals(q.backend()) && q.failure() == null), r.log()
                .toString());
        long first = r.log().get(0).startedAtMillis();
        long last = r.log().get(19).startedAtMillis();
        assertTrue(first >= before, first + " < " + before);
        // request 19 may not start before 19/40 s into the burst
        assertTrue(last - first >= 19 * 1000 / 40 - 5, "requests spread over " + (last - first) + " ms");

        server.close();
        RequestsReport refused = new ClientOutput(DemoClient.run(ClientPlan.requests(target, 3)
                .steady(100, Duration.ofSeconds(10)))).requests().orElseThrow();
        assertEquals(List.of("ConnectException", "ConnectException", "ConnectException"),
                refused.log().stream().map(RequestRecord::failure).toList());
        assertTrue(refused.log().stream().noneMatch(RequestRecord::answered));
    }

    @Test
    void refusedConnectionsAreCountedAsFailures() throws Exception {
        int port = server.httpPort();
        server.close();
        RequestsReport r = new ClientOutput(DemoClient.run(ClientPlan.requests(new Endpoint(LOOPBACK, port), 5)))
                .requests().orElseThrow();
        assertEquals(0, r.answered());
        assertEquals(5, r.failed());
        assertEquals(Map.of("ConnectException", 5), r.failures());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }
}
