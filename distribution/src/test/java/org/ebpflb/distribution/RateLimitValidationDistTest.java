package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lb validate} with the shipped rate-limit plugin: bad limits in a service and in the plugin-wide settings
 * are printed as {@code FILE:LINE: message} with exit code 1, and valid limits pass.
 */
class RateLimitValidationDistTest {
    @Test
    void everyBadLimitIsPrintedWithFileAndLine(@TempDir Path tmp) throws Exception {
        String text = """
                lb {
                  plugins.rate-limit {
                    per-backend { rate = 5000000 }
                  }
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["eth0"], port = 80 }
                      targets = [ { ip = "198.18.1.2", port = 8080 } ]
                      rate-limit {
                        per-source { rate = 100, burst = 0, prefix = 40 }
                        allow = ["2001:db8::/32"]
                        per-backnd { rate = 10 }
                      }
                    }
                  ]
                }
                """;
        Path file = Files.writeString(tmp.resolve("rate-limit-bad.conf"), text);

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        List<String> expected = List.of(
                Distribution.at(file, text, "5000000") + "lb.plugins.rate-limit.per-backend.rate must be between 0 "
                        + "and 1000000, got 5000000",
                Distribution.at(file, text, "per-backnd") + "unknown key 'per-backnd' in rate-limit (did you mean "
                        + "'per-backend'?)",
                Distribution.at(file, text, "burst = 0") + "rate-limit.per-source.burst must be between 1 and 1000000",
                Distribution.at(file, text, "prefix = 40") + "rate-limit.per-source.prefix must be between 0 and 32",
                Distribution.at(file, text, "2001:db8") + "rate-limit.allow[0] 2001:db8::/32 is IPv6 but service 'web' is "
                        + "IPv4");
        for (String line : expected) {
            assertTrue(printed.stream().anyMatch(p -> p.startsWith(line)), () -> "no line starting '" + line + "'\n"
                    + r.describe());
        }
        assertEquals(expected.size(), printed.size(), r::describe);
    }

    @Test
    void validLimitsPass(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("rate-limit.conf"), """
                lb {
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["eth0"], port = 80 }
                      targets = [ { ip = "198.18.1.2", port = 8080 } ]
                      rate-limit { per-source { rate = 100, burst = 200, prefix = 32 },
                                   per-backend { rate = 1000, burst = 2000 }, allow = ["198.18.0.0/24"] }
                    }
                  ]
                }
                """);
        Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString()).assertSuccess();
    }
}
