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
 * {@code bin/lb validate} with the shipped dns plugin: every bad input of a hostname target or of the plugin's settings
 * is printed as {@code FILE:LINE: message}, and the exit code says bad input.
 */
class DnsValidationDistTest {
    @Test
    void everyBadDnsInputIsPrintedWithFileAndLine(@TempDir Path tmp) throws Exception {
        // Two services: a target with both ip and host fails the runtime's own parsing of its service, and a
        // plugin validates only services the runtime could parse (ConfigKeys#validate), so that case stands alone.
        String text = """
                lb {
                  plugins.dns {
                    servers = [
                      "127.0.0.1:5300"
                      "[fe80::53]:53"
                    ]
                  }
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["eth0"], port = 80 }
                      targets = [
                        { host = "web_1..e2e.test", port = 8080 }
                        { host = "fast.e2e.test", port = 8080, dns-refresh = 500ms }
                        { host = "ok.e2e.test", port = 8080, dns-refresh = 1s }
                      ]
                    }
                    {
                      name = "api"
                      listen { interfaces = ["eth0"], port = 81 }
                      targets = [
                        { ip = "198.18.1.2", host = "api.e2e.test", port = 8080 }
                      ]
                    }
                  ]
                }
                """;
        Path file = Files.writeString(tmp.resolve("dns-bad.conf"), text);

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        List<String> expected = List.of(
                Distribution.at(file, text, "[fe80::53]:53") + "DNS server [fe80::53]:53 is unreachable from this host",
                Distribution.at(file, text, "web_1..") + "host 'web_1..e2e.test' has an invalid label 'web_1'",
                Distribution.at(file, text, "500ms") + "dns-refresh must be at least 1s, got 500ms",
                Distribution.at(file, text, "ip = \"198.18.1.2\", host") + "a target has both 'ip' and 'host'");
        for (String line : expected) {
            assertTrue(printed.stream().anyMatch(p -> p.startsWith(line)), () -> "no line starting '" + line + "'\n"
                    + r.describe());
        }
        assertEquals(expected.size(), printed.size(), r::describe);
    }
}
