package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kernel capacity is added up at validation and reported at the first service that does not fit. */
class CapacityCheckTest {
    @TempDir
    Path dir;

    @Test
    void aThousandServicesAtTheDefaultTableSizeOverflowTheMaglevSlotsAtTheHundredAndTwentyNinth() throws IOException {
        // 128 services x 2 x 16381 = 4,193,536 slots fit in 4,194,304; the 129th does not.
        assertOverflow("", 1000, 1, 0, 129, "with its target group of table-size 16381 (each held twice while it "
                + "changes) the data plane needs 4,226,298 Maglev slots, more than lb.dataplane.max-table-slots = "
                + "4,194,304 (raise it: 4 bytes a slot; or lower table-size)");
    }

    @Test
    void raisingTheKeysTheMessagesNameMakesTheSameServicesFit() throws IOException {
        Path file = write("max-services = 1000, max-table-slots = 32762000", 1000, 1, 0);
        assertEquals(List.of(), problems(file));
    }

    @Test
    void eachCapacityNamesItsOwnKey() throws IOException {
        assertOverflow("max-services = 2", 3, 1, 0, 3, "with it the data plane needs 3 services, more than "
                + "lb.dataplane.max-services = 2 (raise it)");
        assertOverflow("max-target-groups = 5", 3, 1, 1, 3, "with its 2 target groups the data plane needs 6 target "
                + "groups, more than lb.dataplane.max-target-groups = 5 (raise it)");
        assertOverflow("max-targets = 7", 3, 3, 0, 3, "with its 3 targets the data plane needs 9 targets, more than "
                + "lb.dataplane.max-targets = 7 (raise it)");
        assertOverflow("max-source-routes = 1", 2, 1, 1, 2, "with its source route the data plane needs 2 source "
                + "routes, more than lb.dataplane.max-source-routes = 1 (raise it)");
    }

    @Test
    void keysOutsideWhatAKernelMapHoldsAreRefusedAtTheirLine() throws IOException {
        Path file = write("max-connections = 1073741824, max-half-open = 0", 1, 1, 0);
        List<String> messages = problems(file).stream().map(ConfigProblem::toString).toList();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.stream().allMatch(m -> m.startsWith(file + ":2: ")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("max-connections")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("max-half-open")), messages.toString());
    }

    private void assertOverflow(String keys, int services, int targets, int routes, int at, String message)
            throws IOException {
        Path file = write(keys, services, targets, routes);
        assertEquals(List.of(new ConfigProblem(file.toString(), lineOfService(at), "service 'svc-" + at
                + "' does not fit: " + message)), problems(file));
    }

    private static List<ConfigProblem> problems(Path file) {
        return new ConfigLoader(List.of()).load(file).problems();
    }

    /** Line 1 opens lb, 2 is dataplane, 3 opens the services list: service n is on line 3 + n. */
    private static int lineOfService(int n) {
        return 3 + n;
    }

    /** One service per line, each with its own VIP, {@code targets} targets and {@code routes} source routes. */
    private Path write(String dataplane, int services, int targets, int routes) throws IOException {
        String text = "lb {\n  dataplane { " + dataplane + " }\n  services = [\n"
                + IntStream.rangeClosed(1, services).mapToObj(n -> service(n, targets, routes))
                        .collect(Collectors.joining("\n"))
                + "\n  ]\n}\n";
        Path file = dir.resolve("capacity.conf");
        Files.writeString(file, text);
        return file;
    }

    private static String service(int n, int targets, int routes) {
        String addr = "198.18." + (n / 250) + "." + (n % 250 + 1);
        String ts = IntStream.range(0, targets).mapToObj(t -> "{ ip = \"198.19.0." + (t + 1) + "\", port = 80 }")
                .collect(Collectors.joining(", "));
        String rs = IntStream.range(0, routes).mapToObj(r -> "{ source = \"10." + r + ".0.0/16\", targets = [ { ip = "
                + "\"198.19.1.1\", port = 80 } ] }").collect(Collectors.joining(", "));
        return "    { name = \"svc-" + n + "\", listen { interfaces = [\"eth0\"], address = \"" + addr
                + "\", port = 80 }, targets = [ " + ts + " ]" + (routes == 0 ? "" : ", source-routes = [ " + rs + " ]")
                + " }";
    }
}
