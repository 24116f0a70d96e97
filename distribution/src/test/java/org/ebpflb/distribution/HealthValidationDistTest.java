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
 * {@code bin/lb validate} with the shipped health plugins: the operator's plugin-wide {@code defaults} are judged by
 * the plugins (Plugin#validateSettings) and printed as {@code FILE:LINE: message}, and every key a health-check block
 * takes may be set there.
 */
class HealthValidationDistTest {
    private static final String SERVICE = """
              services = [ {
                name = "web"
                listen { interfaces = ["eth0"], port = 80 }
                health-check { type = http, path = "/health" }
                targets = [ { ip = "198.18.1.2", port = 8080 } ]
              } ]
            """;

    @Test
    void badPluginDefaultsArePrintedWithFileAndLine(@TempDir Path tmp) throws Exception {
        String text = """
                lb {
                  plugins.health-http {
                    tick = 0s
                    defaults {
                      interval = 1s
                      expected-codes = [200, 700]
                    }
                  }
                  plugins.health-tcp.defaults {
                    initial-state = sick
                  }
                """ + SERVICE + "}\n";
        Path file = Files.writeString(tmp.resolve("health-bad.conf"), text);

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        List<String> expected = List.of(
                at(file, text, "tick = 0s") + "lb.plugins.health-http.tick must be longer than 0s, got 0s",
                // the default timeout (2s) is not shorter: the line the operator changed is the one blamed
                at(file, text, "interval = 1s") + "lb.plugins.health-http.defaults: health-check.timeout (2s) must "
                        + "be shorter than health-check.interval (1s)",
                at(file, text, "700") + "lb.plugins.health-http.defaults: health-check.expected-codes[1] must be "
                        + "between 100 and 599, got 700",
                at(file, text, "sick") + "lb.plugins.health-tcp.defaults: health-check.initial-state must be healthy "
                        + "or unhealthy, got 'sick'");
        for (String line : expected) {
            assertTrue(printed.contains(line), () -> "no line '" + line + "'\n" + r.describe());
        }
        assertEquals(expected.size(), printed.size(), r::describe);
    }

    @Test
    void everyBlockKeyMayBeSetInThePluginDefaults(@TempDir Path tmp) throws Exception {
        String text = """
                lb {
                  plugins.health-http.defaults {
                    slow-start = 20s
                    host = "web.internal"
                    path = "/ready"
                    tls-verify = false
                  }
                  plugins.health-tcp.defaults { slow-start = 0s, jitter = "5%" }
                """ + SERVICE + "}\n";
        Path file = Files.writeString(tmp.resolve("health-ok.conf"), text);

        Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString()).assertSuccess();
    }

    /** @return "FILE:LINE: " of the first line of {@code text} containing {@code marker} */
    private static String at(Path file, String text, String marker) {
        List<String> lines = text.lines().toList();
        int line = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + marker + " in the test's config")) + 1;
        return file + ":" + line + ": ";
    }
}
