package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lb validate} adds up the kernel capacities: 1,000 services at the default table size do not fit the
 * default Maglev slots, and the printed line names the service, the key and the need; raising that key makes the same
 * file valid.
 */
class CapacityValidationDistTest {
    @Test
    void aThousandServicesNeedMoreMaglevSlotsAndTheMessageSaysWhichKey(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("thousand.conf"), config(""));

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        // line 1: lb {, line 2: dataplane, line 3: services = [, service n on line 3 + n
        assertEquals(List.of(file + ":132: service 'svc-129' does not fit: with its target group of table-size 16381 "
                + "(each held twice while it changes) the data plane needs 4,226,298 Maglev slots, more than "
                + "lb.dataplane.max-table-slots = 4,194,304 (raise it: 4 bytes a slot; or lower table-size)"),
                printed, r::describe);
    }

    @Test
    void raisingTheNamedKeyMakesTheSameServicesValid(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("thousand-ok.conf"), config("max-table-slots = 32762000"));

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        r.assertSuccess();
        assertTrue(r.stdout().contains("1000 services"), r::describe);
    }

    private static String config(String dataplane) {
        return "lb {\n  dataplane { " + dataplane + " }\n  services = [\n"
                + IntStream.rangeClosed(1, 1000).mapToObj(n -> "    { name = \"svc-" + n + "\", listen { interfaces = "
                        + "[\"eth0\"], address = \"198.18." + (n / 250) + "." + (n % 250 + 1) + "\", port = 80 }, "
                        + "targets = [ { ip = \"198.19.0.1\", port = 80 } ] }")
                        .collect(Collectors.joining("\n"))
                + "\n  ]\n}\n";
    }
}
