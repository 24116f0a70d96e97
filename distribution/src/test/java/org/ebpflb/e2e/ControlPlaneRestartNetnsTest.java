package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control plane restarts under load: 50 streams stay open and byte-exact and new connections keep being
 * balanced while the load balancer's JVM is stopped (SIGTERM) or killed (SIGKILL) and started again with the same
 * configuration, because the programs stay attached to pinned maps and the new JVM replaces them in place. Then
 * {@code lb stop --detach} removes programs and pins.
 */
@PrivilegedTier("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneRestartNetnsTest {
    private static final String PREFIX = "lbe2e-dp-restart-";
    private static final int BLOCK = 12;
    private static final Map<Integer, Integer> WEIGHTS = DataPlaneLab.weights(50, 30, 20);
    private static final int STREAMS = 50;
    private static final int STREAM_SECONDS = 20;
    /** The JVM stays down this long before it is started again, so the data plane runs alone for a while. */
    private static final Duration DOWN_AT_LEAST = Duration.ofSeconds(1);

    @AutoClose
    private static DataPlaneLab lab;

    @BeforeAll
    static void open() {
        lab = DataPlaneLab.open(ControlPlaneRestartNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK),
                WEIGHTS);
    }

    @Test
    @Order(1)
    void sigtermRestartBreaksNoStreamAndNewConnectionsKeepFlowing() {
        restartDuringStreams("TERM");
    }

    @Test
    @Order(2)
    void sigkillRestartBreaksNoStreamAndNewConnectionsKeepFlowing() {
        restartDuringStreams("KILL");
    }

    private void restartDuringStreams(String signal) {
        String title = "case 5 (SIG" + signal + ")";
        KernelState before = KernelState.read(lab);
        NsProcess streams = lab.startClient(0, "streams-" + signal, new ClientPlan(lab.web(), 0, 1, STREAMS,
                STREAM_SECONDS, 0, Duration.ofSeconds(STREAM_SECONDS + 30)));
        Map<String, Integer> held = lab.awaitEstablished(lab.addresses().clientAddress(0), STREAMS,
                Duration.ofSeconds(20));
        NewConnectionProbe probe = NewConnectionProbe.start(lab, "probe-" + signal);
        Netns.pause(Duration.ofMillis(1500));

        long signalled = System.currentTimeMillis();
        NsProcess stopped = lab.lb().process();
        assertTrue(stopped.signal(signal), "the load balancer was not running");
        int exit = stopped.awaitExit(Duration.ofSeconds(20));
        long exited = System.currentTimeMillis();
        KernelState whileDown = KernelState.read(lab);
        Netns.pause(DOWN_AT_LEAST);
        long restarting = System.currentTimeMillis();
        lab.startLoadBalancer();
        long up = System.currentTimeMillis();
        KernelState after = KernelState.read(lab);
        Netns.pause(Duration.ofMillis(1500));
        probe.stop();

        streams.awaitExit(Duration.ofSeconds(STREAM_SECONDS + 40));
        List<StreamReport> reports = ClientOutput.parse(streams.stdout()).streams();
        List<StreamReport> broken = reports.stream().filter(s -> !s.byteExact()).toList();
        Map<String, Long> byBackend = reports.stream().collect(Collectors.groupingBy(StreamReport::backend,
                TreeMap::new, Collectors.counting()));
        NewConnectionProbe.Windows w = probe.windows(signalled, up);

        lab.say(String.format(Locale.ROOT, "%s: %d streams open (%s); SIG%s at +0 ms, JVM exited (code %d) after"
                        + " %d ms, down until +%d ms, new JVM started at +%d ms, admin API and VIP ready at +%d ms",
                title, STREAMS, held, signal, exit, exited - signalled, restarting - signalled, restarting - signalled,
                up - signalled));
        lab.say(title + ": XDP program on " + lab.sandbox().lbClientDevice(0) + ": " + before.xdpProgram()
                + " before, " + whileDown.xdpProgram() + " while the JVM was down, " + after.xdpProgram()
                + " after; pinned conntrack map id " + before.conntrackMap() + " -> " + after.conntrackMap());
        lab.say(title + ": new connections (curl, one per ~50 ms): " + w);
        lab.say(title + ": streams: " + (reports.size() - broken.size()) + " of " + reports.size()
                + " byte-exact, by backend " + byBackend + (broken.isEmpty() ? "" : "; broken: " + broken));

        if (signal.equals("TERM")) {
            assertStoppedCleanly(stopped, exit);
        }
        assertEquals(STREAMS, reports.size(), streams.stderrTail(20));
        assertEquals(List.of(), broken, "no stream may break");
        assertEquals(before.xdpProgram(), whileDown.xdpProgram(), "the program stays attached while the JVM is down");
        assertNotEquals(before.xdpProgram(), after.xdpProgram(), "the new JVM replaced the program");
        assertEquals(before.conntrackMap(), after.conntrackMap(), "the pinned conntrack map was reused");
        assertTrue(w.downOk() > 0, "new connections were tried while the JVM was down: " + w);
        assertEquals(0, w.failedBefore() + w.failedDown() + w.failedAfter(), "new connections failed: " + w);
    }

    /** SIGTERM stops the runtime in order and ends lb run with exit code 0, as a service manager expects. */
    private static void assertStoppedCleanly(NsProcess lb, int exit) {
        assertEquals(0, exit, lb.stderrTail(20));
        assertTrue(lb.stderr().contains("stopped; the data plane keeps its last tables"), lb.stderrTail(20));
    }

    @Test
    @Order(3)
    void stopDetachLeavesNoProgramAndNoPin() {
        NsProcess running = lab.lb().process();
        assertTrue(running.signal("TERM"));
        assertStoppedCleanly(running, running.awaitExit(Duration.ofSeconds(20)));
        KernelState stopped = KernelState.read(lab);
        assertTrue(stopped.xdpProgram() != 0, "a stopped instance keeps forwarding until detached");

        CommandResult detach = lab.lb().cli("stop", "--detach", "-c", lab.configFile().toString());
        lab.say("lb stop --detach: exit " + detach.exitCode() + System.lineSeparator() + detach.stdout().strip());
        assertEquals(0, detach.exitCode(), detach.stderr());

        for (String dev : lab.sandbox().lbClientDevices()) {
            assertEquals(0, KernelState.xdpProgram(lab, dev), "XDP left on " + dev);
            String tc = lab.sandbox().lb().exec("tc", "filter", "show", "dev", dev, "egress").check().stdout();
            assertEquals("", tc.strip(), "tc egress filter left on " + dev);
            assertTrue(detach.stdout().contains("detached from " + dev), detach.stdout());
        }
        assertFalse(Files.exists(lab.pinDir()), "pins left in " + lab.pinDir());
        // Nothing translates the VIP any more: the LB's own stack answers port 80, where nothing listens.
        CommandResult refused = lab.sandbox().client().exec("curl", "-sS", "-m", "3", "http://" + lab.web() + "/")
                .run();
        lab.say("after detach, curl http://" + lab.web() + "/: exit " + refused.exitCode() + " "
                + refused.stderr().strip());
        assertEquals(7, refused.exitCode(), "curl: connection refused by the LB itself; " + refused.stderr());
    }
}
