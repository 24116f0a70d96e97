package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real {@code bin/lb run} nodes register themselves under one name in a real BIND 9, probe each other every 5 s
 * (the shortest check interval) and remove a failed peer after 3 failed probes ({@link RegistrationLab}). The steps
 * build on each other and run in order.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsRegistrationNetnsTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    /** A dead peer is gone after minimum-failures rounds plus one: each round waits up to 1.25 check intervals. */
    private static final Duration REMOVAL_BOUND =
            RegistrationLab.CHECK_INTERVAL.multipliedBy(RegistrationLab.MINIMUM_FAILURES + 1);

    private RegistrationLab lab;
    /** Where the replace command writes its calls and requests, and this test its answers. */
    private Path replaceDir;
    private Path replaceCalls;

    @BeforeAll
    void startLab() throws Exception {
        lab = RegistrationLab.create("replace-command = [\"%s\"]\nreplace-timeout = 3m".formatted(replaceScript()));
    }

    @AfterAll
    void closeLab() throws java.io.IOException {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            deleteTree(replaceDir);
        }
    }

    @Test
    @Order(1)
    void allThreeNodesRegister() {
        for (int n = 1; n <= RegistrationLab.NODES; n++) {
            lab.start(n);
        }
        for (int n = 1; n <= RegistrationLab.NODES; n++) {
            lab.awaitAdmin(n, START_LIMIT);
        }
        Duration took = lab.awaitRecords(r -> r.equals(lab.allAddresses()), Duration.ofSeconds(30),
                "all three nodes in " + RegistrationLab.FQDN);
        report("all three A records of %s present %.1fs after the admin APIs answered: %s", RegistrationLab.FQDN,
                seconds(took), lab.records());
        awaitRounds(1, 2);
        JsonNode status = lab.registration(1);
        report("node1's view: %s", status);
        assertEquals("registered", status.path("self").asText(), status.toString());
        for (int n = 2; n <= RegistrationLab.NODES; n++) {
            JsonNode peer = status.path("peers").path(lab.address(n).getHostAddress());
            assertTrue(peer.path("probe").asText().startsWith("ok: connected"), status.toString());
            assertEquals(0, peer.path("consecutiveFailures").asInt(), status.toString());
        }
    }

    @Test
    @Order(2)
    void aRoundRobinClientReachesAllThree() {
        // resolve before every request, take the answers in order, and connect to the next one in turn
        String script = ("for i in $(seq 0 29); do set -- $(dig +short +tcp @%s %s A | sort); shift $((i %% $#)); "
                + "curl -sS -m 3 http://$1/; done").formatted(lab.bind().server().split(":")[0], RegistrationLab.FQDN);
        CommandResult r = lab.client().exec("sh", "-c", script).within(Duration.ofSeconds(120)).check();
        Map<String, Long> byNode = new TreeMap<>(r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
        report("30 requests, resolving %s each time and connecting round robin: %s", RegistrationLab.FQDN, byNode);
        for (int n = 1; n <= RegistrationLab.NODES; n++) {
            assertEquals(10L, byNode.get(RegistrationLab.backendName(n)), () -> "requests per node: " + byNode);
        }
    }

    @Test
    @Order(3)
    void drainingTheWholeNodeTakesItOutOfTheNameAndAnUndrainBringsItBack() {
        String node1 = lab.address(1).getHostAddress();
        String registered = "lb_dns_registration_registered{fqdn=\"" + RegistrationLab.FQDN + "\",} ";
        awaitScrape(1, registered + "1.0");
        // the round that follows the new tables removes the record; a round is at most 1.25 check intervals away
        Duration oneRound = RegistrationLab.CHECK_INTERVAL.multipliedBy(5).dividedBy(4);
        CommandResult drain = lab.cli(1, "drain", "web", lab.target());
        assertEquals(0, drain.exitCode(), drain.toString());
        Duration gone = lab.awaitRecords(r -> !r.contains(node1), oneRound, "node1 out after draining its one target");
        JsonNode status = lab.registration(1);
        report("lb drain web %s on node1 (every target of every service): its record gone %.2fs after lb drain "
                + "returned; node1 says: %s", lab.target(), seconds(gone), status.path("self").asText());
        assertEquals("not registered: service web has no target that takes new connections (unhealthy, drained or "
                + "weight 0)", status.path("self").asText(), status.toString());
        awaitScrape(1, registered + "0.0");
        CommandResult promtool = lab.promtool(1);
        assertEquals(0, promtool.exitCode(), "promtool check metrics: " + promtool);
        assertEquals("", (promtool.stdout() + promtool.stderr()).strip(), "promtool found problems");

        CommandResult undrain = lab.cli(1, "undrain", "web", lab.target());
        assertEquals(0, undrain.exitCode(), undrain.toString());
        Duration back = lab.awaitRecords(r -> r.contains(node1), oneRound, "node1 back after the undrain");
        report("lb undrain: node1 back in the name %.2fs after lb undrain returned", seconds(back));
        awaitScrape(1, registered + "1.0");
    }

    @Test
    @Order(4)
    void aReloadThatChangesTheRegistrationSettingsIsRefusedAndOneThatDoesNotIsApplied() throws Exception {
        Path config = lab.config(1);
        String running = Files.readString(config);
        String interval = "check-interval = " + RegistrationLab.CHECK_INTERVAL.toSeconds() + "s";
        assertTrue(running.contains(interval), running);
        try {
            Files.writeString(config, running.replace(interval, "check-interval = 7s"));
            CommandResult refused = lab.cli(1, "reload");
            report("lb reload with another check-interval: exit %d, %s", refused.exitCode(), refused.stderr().strip());
            assertEquals(1, refused.exitCode(), refused.toString());
            int line = (int) running.substring(0, running.indexOf(interval)).lines().count();
            assertTrue(refused.stderr().contains(config + ":" + line + ": lb.plugins.dns-registration.check-interval "
                    + "changed from '5s' to '7s': a reload cannot apply it"), refused.stderr());
            assertEquals(RegistrationLab.CHECK_INTERVAL.toSeconds() + "s",
                    lab.registration(1).path("checkInterval").asText(), "the running settings stay");

            Files.writeString(config, running.replace("weight = 1", "weight = 2"));
            CommandResult applied = lab.cli(1, "reload");
            assertEquals(0, applied.exitCode(), applied.toString());
            report("lb reload with registration settings unchanged (a target's weight changed): %s",
                    applied.stdout().strip());
        } finally {
            Files.writeString(config, running);
        }
        CommandResult restored = lab.cli(1, "reload");
        assertEquals(0, restored.exitCode(), restored.toString());
        assertTrue(lab.records().contains(lab.address(1).getHostAddress()), "node1 stays in the name");
    }

    @Test
    @Order(5)
    void aKilledNodeIsRemovedByItsPeersAndARestartAddsItBack() {
        String node3 = lab.address(3).getHostAddress();
        JsonNode before = lab.registration(1).path("peers").path(node3);
        assertEquals(0, before.path("consecutiveFailures").asInt(), "node3 failed probes before the kill: " + before);
        lab.signal(3, "KILL");
        Duration removed = lab.awaitRecords(r -> !r.contains(node3), REMOVAL_BOUND.multipliedBy(2),
                "node3 removed after kill -9");
        report("node3 killed (kill -9): its peers removed %s after %.1fs (bound: %d failures x %ds + one interval "
                        + "= %ds)", node3, seconds(removed), RegistrationLab.MINIMUM_FAILURES,
                RegistrationLab.CHECK_INTERVAL.toSeconds(), REMOVAL_BOUND.toSeconds());
        assertTrue(removed.compareTo(REMOVAL_BOUND) <= 0, "removal took " + removed);
        assertEquals(Set.of(lab.address(1).getHostAddress(), lab.address(2).getHostAddress()), lab.records());
        long start = System.nanoTime();
        lab.start(3);
        lab.awaitAdmin(3, START_LIMIT);
        lab.awaitRecords(r -> r.contains(node3), Duration.ofSeconds(30), "node3 back after its restart");
        report("node3 restarted: back in the name %.1fs after the start", seconds(System.nanoTime() - start));
    }

    @Test
    @Order(6)
    void aCleanStopDeregistersAtOnce() {
        String node2 = lab.address(2).getHostAddress();
        long start = System.nanoTime();
        lab.signal(2, "TERM");
        Duration gone = lab.awaitRecords(r -> !r.contains(node2), Duration.ofSeconds(30), "node2 gone after stop");
        report("node2 stopped (SIGTERM): out of the name %.1fs after the signal", seconds(gone));
        assertTrue(gone.compareTo(RegistrationLab.CHECK_INTERVAL) < 0,
                "a clean stop deregisters itself, before any peer could have noticed: " + gone);
        lab.start(2);
        lab.awaitAdmin(2, START_LIMIT);
        lab.awaitRecords(r -> r.equals(lab.allAddresses()), Duration.ofSeconds(30), "node2 back");
        report("node2 restarted: back after %.1fs", seconds(System.nanoTime() - start));
    }

    @Test
    @Order(7)
    void aBlockKeepsARestartedNodeOutUntilItIsLifted() {
        String node3 = lab.address(3).getHostAddress();
        CommandResult tooLong = lab.cli(1, "dns", "block", node3, "--for", "2h");
        assertEquals(1, tooLong.exitCode(), tooLong.toString());
        assertTrue(tooLong.stderr().contains("a block lasts from 1m to 1h, got 7200s"), tooLong.stderr());
        CommandResult block = lab.cli(1, "dns", "block", node3, "--for", "10m");
        assertEquals(0, block.exitCode(), block.toString());
        report("lb dns block on node1: %s", block.stdout().strip());
        lab.signal(3, "TERM");
        lab.awaitRecords(r -> !r.contains(node3), Duration.ofSeconds(10), "node3 deregistered");
        lab.start(3);
        lab.awaitAdmin(3, START_LIMIT);
        long rounds = awaitRounds(3, 3);
        JsonNode status = lab.registration(3);
        assertTrue(status.path("self").asText().startsWith("blocked by " + lab.address(1).getHostAddress()),
                status.toString());
        assertFalse(lab.records().contains(node3), "blocked node3 added itself back");
        report("node3 restarted while blocked: after %d rounds still out of the name (%s)", rounds,
                status.path("self").asText());
        CommandResult unblock = lab.cli(1, "dns", "unblock", node3);
        assertEquals(0, unblock.exitCode(), unblock.toString());
        Duration back = lab.awaitRecords(r -> r.contains(node3), RegistrationLab.CHECK_INTERVAL.multipliedBy(3),
                "node3 back after lb dns unblock");
        report("lb dns unblock: node3 back in the name after %.1fs", seconds(back));
        CommandResult again = lab.cli(1, "dns", "unblock", node3);
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains(node3 + " is not blocked"), again.stderr());
    }

    @Test
    @Order(8)
    void aRollingReplaceWalksEveryNodeOnceAndKeepsTwoInTheName() throws Exception {
        lab.awaitRecords(r -> r.equals(lab.allAddresses()), Duration.ofSeconds(30), "all three before the replace");
        CommandResult started = lab.cli(1, "dns", "rolling-replace");
        assertEquals(0, started.exitCode(), started.toString());
        report("lb dns rolling-replace on node1: %s", started.stdout().strip());
        AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
        Set<String> replaced = new HashSet<>();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(4).toNanos();
        // the replace command asks (a request file) and this loop replaces: stop the node, start it again, answer
        while (replaced.size() < RegistrationLab.NODES || !lab.records().equals(lab.allAddresses())) {
            fewest.accumulateAndGet(lab.records().size(), Math::min);
            for (int n = 1; n <= RegistrationLab.NODES; n++) {
                Path request = replaceDir.resolve("request-" + lab.address(n).getHostAddress());
                if (Files.exists(request)) {
                    Files.delete(request);
                    report("replace command called for node%d; the name has %s", n, lab.records());
                    lab.signal(n, "TERM");
                    lab.start(n);
                    lab.awaitAdmin(n, START_LIMIT);
                    Files.writeString(replaceDir.resolve("done-" + lab.address(n).getHostAddress()), "");
                    replaced.add(lab.address(n).getHostAddress());
                }
            }
            assertTrue(System.nanoTime() < deadline, () -> "rolling replace unfinished; replaced " + replaced + "\n"
                    + lab.registration(1) + "\n" + lab.logs());
            Netns.pause(Duration.ofMillis(100));
        }
        List<String> calls = Files.readAllLines(replaceCalls);
        report("rolling replace done in %.1fs: replace command called for %s; the name never had fewer than %d "
                + "records", seconds(System.nanoTime() - start), calls, fewest.get());
        assertEquals(List.of(lab.address(2).getHostAddress(), lab.address(3).getHostAddress(),
                lab.address(1).getHostAddress()), calls, "once per node, the coordinating node last");
        assertTrue(fewest.get() >= 2, "the name dropped to " + fewest.get());
    }

    @Test
    @Order(9)
    void aWrongKeyIsReportedInWordsAndTheDataPlaneKeepsServing() throws Exception {
        Path wrong = Files.writeString(lab.dir().resolve("wrong.secret"),
                "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw==");
        lab.useSecret(3, wrong);
        lab.signal(3, "TERM");
        lab.start(3);
        lab.awaitAdmin(3, START_LIMIT);
        awaitRounds(3, 1);
        CommandResult status = lab.cli(3, "status");
        String lastError = lab.registration(3).path("lastError").asText();
        report("node3 with a wrong TSIG secret: lastError %s", lastError);
        assertTrue(lastError.contains("NOTAUTH/BADSIG: the TSIG signature did not verify"), lastError);
        assertTrue(status.stdout().contains("BADSIG"), status.stdout());
        String answer = lab.client().exec("curl", "-sS", "-m", "3", "http://" + lab.address(3).getHostAddress() + "/")
                .within(Duration.ofSeconds(10)).check().stdout().strip();
        assertEquals(RegistrationLab.backendName(3), answer, "node3's data plane still forwards");
        assertTrue(lab.running(3), "node3 keeps running");
        assertFalse(lab.records().contains(lab.address(3).getHostAddress()));
        awaitScrape(3, "lb_dns_registration_updates_total{fqdn=\"" + RegistrationLab.FQDN
                + "\",result=\"notauth\",} ");
        awaitScrape(3, "lb_dns_registration_registered{fqdn=\"" + RegistrationLab.FQDN + "\",} 0.0");
    }

    /** Waits up to 5 s for node {@code n}'s metrics to show a line starting with {@code series} (events are async). */
    private void awaitScrape(int n, String series) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lab.metrics(n).lines().noneMatch(l -> l.startsWith(series))) {
            assertTrue(System.nanoTime() < deadline, () -> "node" + n + " has no " + series + " in:\n"
                    + lab.metrics(n));
            Netns.pause(Duration.ofMillis(100));
        }
    }

    /** Waits until node {@code n} has run {@code more} more rounds; returns its round count. */
    private long awaitRounds(int n, int more) {
        long target = lab.registration(n).path("rounds").asLong() + more;
        long deadline = System.nanoTime() + RegistrationLab.CHECK_INTERVAL.multipliedBy(2L * more + 2).toNanos();
        while (true) {
            long rounds = lab.registration(n).path("rounds").asLong();
            if (rounds >= target) {
                return rounds;
            }
            assertTrue(System.nanoTime() < deadline, "node" + n + " ran no rounds:\n" + lab.logs());
            Netns.pause(Duration.ofMillis(200));
        }
    }

    /**
     * The operator's replace command in this test: note the address, ask the test to replace that node (a request
     * file), and wait for its answer. When the node running the command is the one replaced, stopping it ends the
     * command too.
     */
    private Path replaceScript() throws Exception {
        replaceDir = Files.createTempDirectory(RegistrationLab.PREFIX + "replace-");
        replaceCalls = replaceDir.resolve("calls");
        Path script = replaceDir.resolve("replace.sh");
        Files.writeString(script, """
                #!/bin/sh
                echo "$1" >> %1$s
                touch %2$s/request-$1
                i=0
                while [ ! -e %2$s/done-$1 ]; do sleep 0.2; i=$((i+1)); [ $i -gt 900 ] && exit 1; done
                rm -f %2$s/done-$1
                """.formatted(replaceCalls, replaceDir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[dnsreg-e2e] " + String.format(format, args));
    }
}
