package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.app.UdpReport;
import org.ebpflb.lab.sandbox.ChecksumErrors;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The checksum-honest variant (docs/DATAPATH.md, "Checksums"): tx checksum offload is off on every device the load
 * balancer sends from, so each packet it forwards leaves with a checksum computed over the bytes as rewritten, and
 * the receivers verify it. A wrong rewrite in the ingress program (the partial-checksum trap) or in the egress
 * program shows up as {@code TcpInCsumErrors} / {@code UdpInCsumErrors} on the backends or the clients, and as
 * hanging connections; both must stay at zero while new connections, streams, a source route and UDP run.
 */
@PrivilegedTier("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChecksumHonestNetnsTest {
    private static final String PREFIX = "lbe2e-dp-csum-";
    private static final int BLOCK = 11;
    private static final Map<Integer, Integer> WEIGHTS = DataPlaneLab.weights(50, 30, 20);

    @AutoClose
    private static DataPlaneLab lab;

    @BeforeAll
    static void open() {
        lab = DataPlaneLab.open(ChecksumHonestNetnsTest.class.getSimpleName(),
                SandboxSpec.of(PREFIX, BLOCK).withExtraClients(1).withTxChecksumOffloadOff(), WEIGHTS);
        for (String dev : lab.sandbox().lbSendingDevices()) {
            String features = lab.sandbox().lb().exec("ethtool", "-k", dev).check().stdout();
            assertTrue(features.contains("tx-checksumming: off"), dev + ": " + features);
        }
        lab.say("tx checksum offload is off on " + lab.sandbox().lbSendingDevices());
    }

    /** Every receiver's counters, read after each test: the namespaces are new, so any count is this class's. */
    @AfterEach
    void noChecksumErrors() {
        Map<String, ChecksumErrors> errors = lab.checksumErrors();
        lab.say("checksum errors (nstat TcpInCsumErrors/UdpInCsumErrors) on backends and clients: " + errors);
        for (Map.Entry<String, ChecksumErrors> e : errors.entrySet()) {
            assertEquals(new ChecksumErrors(0, 0), e.getValue(), e.getKey() + " received segments with bad checksums");
        }
    }

    @Test
    @Order(1)
    void newConnectionsSpreadWithFullChecksums() {
        DataPathNetnsTest.spreadWithCounters(lab, "case 7 (tx offload off), case 1 again");
    }

    @Test
    @Order(2)
    void streamsSourceRouteAndUdpWithFullChecksums() {
        int streams = 8;
        int seconds = 4;
        long start = System.nanoTime();
        var routed = lab.startClient(1, "routed-client", DataPathNetnsTest.requests(lab, 1000));
        ClientOutput out = lab.runClient(0, new ClientPlan(lab.web(), 1000, 16, streams, seconds, 0,
                Duration.ofSeconds(60)));
        routed.awaitExit(Duration.ofSeconds(90));
        RequestsReport byRoute = ClientOutput.parse(routed.stdout()).requests()
                .orElseThrow(() -> new AssertionError("routed client printed no report: " + routed.stderrTail(20)));
        UdpReport udp = lab.runClient(0, new ClientPlan(lab.echo(), 0, 1, 0, 1, 1000, Duration.ofSeconds(60)))
                .udp().orElseThrow();
        List<StreamReport> s = out.streams();
        RequestsReport r = out.requests().orElseThrow();
        lab.say(String.format(Locale.ROOT, "case 7 (tx offload off): %.1fs: %d streams of %d s, %d byte-exact;"
                        + " %d/%d requests answered beside them; routed client %d/%d answered by %s; UDP %d/%d"
                        + " answered from the VIP by %s", DataPlaneLab.seconds(System.nanoTime() - start), streams,
                seconds, s.stream().filter(StreamReport::byteExact).count(), r.answered(), r.sent(),
                byRoute.answered(), byRoute.sent(), byRoute.perBackend(), udp.answered(), udp.sent(),
                udp.perBackend()));

        assertEquals(streams, s.size());
        assertTrue(s.stream().allMatch(StreamReport::byteExact), s.toString());
        assertEquals(Map.of(), r.failures());
        assertEquals(Map.of(), byRoute.failures());
        assertEquals(Set.of(DemoBackends.name(2), DemoBackends.name(3)), byRoute.perBackend().keySet());
        assertEquals(1000, udp.answered(), udp.failures().toString());
        assertEquals(Set.of(DemoBackends.name(1), DemoBackends.name(2), DemoBackends.name(3)),
                udp.perBackend().keySet());
    }

    /** Generic XDP runs on the skb after the driver: the same partial checksums must come out right there too. */
    @Test
    @Order(3)
    void genericXdpRewritesChecksumsRightToo() {
        lab.restartWithXdpMode("generic");
        String dataPlane = lab.status().path("dataPlane").asText();
        lab.say("restarted with xdp-mode = generic: " + dataPlane);
        assertTrue(dataPlane.contains("generic on " + lab.sandbox().lbClientDevice(0)), dataPlane);
        DataPathNetnsTest.spreadWithCounters(lab, "case 7 (tx offload off, generic XDP)");
    }
}
