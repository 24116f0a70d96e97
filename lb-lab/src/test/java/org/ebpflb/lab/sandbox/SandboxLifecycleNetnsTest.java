package org.ebpflb.lab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.DemoBackends;
import org.ebpflb.lab.app.DemoClient;
import org.ebpflb.lab.app.RequestsReport;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.testkit.PrivilegedTier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, tearing down and sweeping sandboxes; processes in them; the checksum-honest variant. */
@PrivilegedTier("netns")
class SandboxLifecycleNetnsTest {
    private static final String CLASS_PREFIX = "lbsbl-";

    @BeforeAll
    static void sweep() {
        Sandbox.sweepStale(CLASS_PREFIX);
    }

    private static String uniquePrefix() {
        return CLASS_PREFIX + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";
    }

    @Test
    void teardownRemovesNamespacesProcessesAndLogsAndIsIdempotent() {
        String prefix = uniquePrefix();
        Sandbox s = Sandbox.create(SandboxSpec.of(prefix, 41).withBackends(2).withExtraClients(2));
        NsProcess sleeper;
        Path workDir = s.workDir();
        try {
            assertEquals(1 + 2 + 3, Sandbox.namespaces(prefix).size());
            sleeper = s.start(s.backend(2), "sleeper", List.of("sleep", "600"));
            awaitPids(s.backend(2), 1);
            assertTrue(sleeper.alive());
        } finally {
            s.close();
        }
        assertEquals(List.of(), Sandbox.namespaces(prefix));
        assertFalse(sleeper.alive());
        assertFalse(Files.exists(workDir));
        s.close();
        assertThrows(IllegalStateException.class, () -> s.start(s.lb(), "late", List.of("true")));
    }

    @Test
    void stoppingAProcessEndsEverythingItForked() {
        String prefix = uniquePrefix();
        try (Sandbox s = Sandbox.create(SandboxSpec.of(prefix, 41).withBackends(1))) {
            NsProcess p = s.start(s.backend(1), "forker", List.of("bash", "-c", "sleep 600 & sleep 600 & wait"));
            awaitPids(s.backend(1), 3);
            p.stop(Duration.ofSeconds(5));
            assertFalse(p.alive());
            assertEquals(List.of(), s.backend(1).pids());
        }
        assertEquals(List.of(), Sandbox.namespaces(prefix));
    }

    @Test
    void aSignalReachesTheWholeGroupAndTheExitCodeTellsWhichOne() {
        String prefix = uniquePrefix();
        try (Sandbox s = Sandbox.create(SandboxSpec.of(prefix, 41).withBackends(1))) {
            NsProcess p = s.start(s.backend(1), "killed", List.of("bash", "-c", "sleep 600 & sleep 600 & wait"));
            awaitPids(s.backend(1), 3);
            assertTrue(p.signal("KILL"));
            assertEquals(128 + 9, p.awaitExit(Duration.ofSeconds(10)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!s.backend(1).pids().isEmpty()) { // the children die too, and are reaped a moment later
                assertTrue(System.nanoTime() < deadline, "left in the namespace: " + s.backend(1).pids());
                Netns.pause(Duration.ofMillis(50));
            }
        }
    }

    @Test
    void aHalfBuiltSandboxIsRemovedAndWhatItDidNotCreateIsLeftAlone() {
        String prefix = uniquePrefix();
        String squatter = prefix + "backend2";
        Command.of("ip", "netns", "add", squatter).check();
        try {
            CommandFailedException e = assertThrows(CommandFailedException.class,
                    () -> Sandbox.create(SandboxSpec.of(prefix, 41)));
            assertTrue(e.getMessage().contains("ip netns add " + squatter), e.getMessage());
            assertEquals(List.of(squatter), Sandbox.namespaces(prefix));
        } finally {
            Command.of("ip", "netns", "delete", squatter).run();
        }
    }

    @Test
    void sweepStaleRemovesLeftoversAndTheProcessesInThem(@TempDir Path logs) {
        String prefix = uniquePrefix();
        for (String n : List.of("lb", "client")) {
            Command.of("ip", "netns", "add", prefix + n).check();
        }
        NsProcess orphan = new Netns(prefix + "lb").start("orphan", List.of("sleep", "600"), logs);
        awaitPids(new Netns(prefix + "lb"), 1);
        assertEquals(List.of(prefix + "client", prefix + "lb"), Sandbox.sweepStale(prefix).stream().sorted().toList());
        assertEquals(List.of(), Sandbox.namespaces(prefix));
        assertEquals(128 + 9, orphan.awaitExit(Duration.ofSeconds(10)), "sleep ends by SIGKILL, not by finishing");
        assertEquals(List.of(), Sandbox.sweepStale(prefix));
        assertThrows(IllegalArgumentException.class, () -> Sandbox.sweepStale(""));
    }

    @Test
    void checksumHonestVariantTurnsOffloadOffAndReceiversSeeNoBadChecksums() {
        String prefix = uniquePrefix();
        try (Sandbox s = Sandbox.create(SandboxSpec.of(prefix, 42).withTxChecksumOffloadOff())) {
            for (String dev : s.lbSendingDevices()) {
                String features = s.lb().exec("ethtool", "-k", dev).check().stdout();
                assertTrue(features.contains("tx-checksumming: off"), dev + ": " + features);
            }
            DemoBackends backends = DemoBackends.start(s, DemoBackends.HTTP_PORT, OptionalInt.empty());
            for (int b = 1; b <= 3; b++) {
                ClientPlan plan = ClientPlan.requests(backends.http(b), 30).withStreams(2, 2);
                ClientOutput out = ClientOutput.parse(s.client().exec(DemoClient.commandLine(plan))
                        .within(plan.deadline().plusSeconds(30)).check().stdout());
                RequestsReport r = out.requests().orElseThrow();
                assertEquals(Map.of(DemoBackends.name(b), 30), r.perBackend(), r.toString());
                for (StreamReport st : out.streams()) {
                    assertTrue(st.byteExact(), st.toString());
                }
            }
            for (Netns ns : s.backends()) {
                assertEquals(0, ns.checksumErrors().total(), ns.name());
            }
            assertEquals(0, s.client().checksumErrors().total());
        }
        assertEquals(List.of(), Sandbox.namespaces(prefix));
    }

    private static void awaitPids(Netns ns, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ns.pids().size() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + atLeast + " processes in " + ns);
            Netns.pause(Duration.ofMillis(50));
        }
    }
}
