package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped drain, circuit-breaker and least-conn plugins: {@code bin/lb plugins} lists their declared
 * contributions, and {@code bin/lb validate} prints every bad key of theirs as {@code FILE:LINE: message}.
 */
class ModifierPluginsDistTest {
    @Test
    void theyShipAndDeclareWhatTheyContribute() throws Exception {
        for (String id : List.of("drain", "circuit-breaker", "least-conn")) {
            assertTrue(Files.isRegularFile(Distribution.dir().resolve("plugins").resolve(id).resolve(id + ".jar")),
                    id + " is not shipped");
        }
        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "plugins");
        assertEquals(0, r.exitCode(), r::describe);
        for (String expected : List.of("/api/v1/services/{name}/targets/{ip:port}/drain", "/api/v1/drains",
                "/api/v1/services/{name}/targets/{ip:port}/circuit/{action}", "least-conn")) {
            assertTrue(r.stdout().contains(expected), () -> "lb plugins does not show " + expected + "\n"
                    + r.describe());
        }
    }

    @Test
    void everyBadKeyIsPrintedWithFileAndLine(@TempDir Path tmp) throws Exception {
        String text = """
                lb {
                  plugins.drain { on-timeout = drop }
                  plugins.least-conn { min-factor = 0 }
                  plugins.circuit-breaker { defaults { window = 0s } }
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["eth0"], port = 80 }
                      targets = [ { ip = "198.18.1.2", port = 8080 } ]
                      drain-timeout = soon
                      circuit-breaker { error-threshold-pct = 120, min-request = 5 }
                    }
                  ]
                }
                """;
        Path file = Files.writeString(tmp.resolve("modifiers-bad.conf"), text);

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        List<String> expected = List.of(
                at(file, text, "on-timeout = drop") + "lb.plugins.drain.on-timeout must be keep or reset, got 'drop'",
                at(file, text, "min-factor = 0") + "lb.plugins.least-conn.min-factor must be above 0",
                at(file, text, "window = 0s") + "lb.plugins.circuit-breaker.defaults.window must be longer than 0s",
                at(file, text, "drain-timeout = soon") + "drain-timeout must be a duration with a unit",
                at(file, text, "min-request = 5") + "unknown key 'min-request' in circuit-breaker",
                at(file, text, "min-request = 5") + "circuit-breaker.error-threshold-pct must be between 0 and 100");
        for (String line : expected) {
            assertTrue(printed.stream().anyMatch(p -> p.startsWith(line)), () -> "no line starting '" + line + "'\n"
                    + r.describe());
        }
        assertEquals(expected.size(), printed.size(), r::describe);
    }

    /** @return "FILE:LINE: " of the first line of {@code text} containing {@code marker} */
    private static String at(Path file, String text, String marker) {
        List<String> lines = text.lines().toList();
        int line = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + marker + " in the test's config")) + 1;
        return file + ":" + line + ": ";
    }
}
