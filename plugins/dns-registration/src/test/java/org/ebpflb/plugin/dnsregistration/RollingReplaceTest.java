package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ebpflb.testkit.ManualClock;
import org.ebpflb.testkit.RecordingEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling replace over three nodes sharing an in-memory name, with a real replace command (a shell that writes
 * down each address it is given). While the procedure waits, every node runs a round, as they would in real time.
 */
class RollingReplaceTest {
    static final List<InetAddress> NODES = List.of(RegistrarTest.SELF, RegistrarTest.PEER2, RegistrarTest.PEER3);

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
    final FakeDnsProvider dns = new FakeDnsProvider();
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final RecordingEventBus events = new RecordingEventBus();
    List<Registrar> nodes;

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void replacesEveryNodeOnceThisOneLastAndKeepsTwoInTheName() throws Exception {
        Path calls = dir.resolve("calls");
        RollingReplace replace = start(List.of("sh", "-c", "echo \"$0\" >> " + calls));
        List<InetAddress> plan = replace.begin(Optional.empty());
        assertEquals(List.of(RegistrarTest.PEER2, RegistrarTest.PEER3, RegistrarTest.SELF), plan);
        replace.run(plan, Optional.empty());
        assertEquals("done: 3 node(s) replaced", replace.snapshot().get("result"), () -> replace.snapshot().toString());
        assertEquals(List.of("198.18.0.12", "198.18.0.13", "198.18.0.11"), Files.readAllLines(calls));
        assertEquals(2, dns.fewest, "the name never had fewer than two addresses");
        assertEquals(Set.copyOf(NODES), dns.addresses);
        assertTrue(dns.leases.isEmpty(), "every block was lifted");
    }

    @Test
    void refusesWhileANodeIsBlockedOrWithoutACommand() throws Exception {
        RollingReplace replace = start(List.of("true"));
        nodes.get(1).block(RegistrarTest.PEER3, Duration.ofMinutes(5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> replace.begin(Optional.empty()));
        assertTrue(e.getMessage().contains("198.18.0.13 is blocked"), e.getMessage());
        RollingReplace none = new RollingReplace(nodes.get(0), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(1), clock, d -> { });
        assertTrue(assertThrows(IllegalStateException.class, () -> none.begin(Optional.empty())).getMessage()
                .contains("no replace-command"));
    }

    @Test
    void refusesARegionWithFewerThanTwoNodes() throws Exception {
        RollingReplace replace = start(List.of("true"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> replace.begin(Optional.of(org.ebpflb.api.model.Cidr.parse("198.18.0.12/32"))));
        assertTrue(e.getMessage().contains("the region has 1 address(es)"), e.getMessage());
    }

    @Test
    void aFailingCommandStopsTheReplaceAndLiftsTheBlock() throws Exception {
        RollingReplace replace = start(List.of("sh", "-c", "echo no capacity; exit 3"));
        replace.run(replace.begin(Optional.empty()), Optional.empty());
        String result = String.valueOf(replace.snapshot().get("result"));
        assertTrue(result.startsWith("failed: sh -c echo no capacity; exit 3 198.18.0.12 exited with 3: no capacity"),
                result);
        assertTrue(dns.leases.isEmpty());
        nodes.forEach(Registrar::round);
        assertEquals(Set.copyOf(NODES), dns.addresses, "the node whose command failed adds itself back");
    }

    private RollingReplace start(List<String> command) throws Exception {
        nodes = NODES.stream().map(this::node).toList();
        nodes.forEach(Registrar::round);
        assertEquals(Set.copyOf(NODES), dns.addresses);
        dns.fewest = Integer.MAX_VALUE; // count from the full name on
        return new RollingReplace(nodes.get(0), Optional.of(new ReplaceCommand(command, Duration.ofSeconds(30))),
                Duration.ofSeconds(5), Duration.ofMinutes(1), clock, d -> {
                    clock.advance(d);
                    nodes.forEach(Registrar::round);
                });
    }

    private Registrar node(InetAddress self) {
        try {
            return new Registrar(dns, peer -> new Prober.ProbeResult(true, "ok"), executor, clock,
                    TestSettings.settings(dir, ""), self, self.getHostAddress() + "/owner", Optional::empty,
                    open -> { }, events);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
