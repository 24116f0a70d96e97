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
 * {@code bin/lb validate} with the shipped sni plugin: a bad hostname, a name defined twice (in another case), a
 * misspelt route key, bad {@code proxy-protocol} and {@code sni-default} values and SNI routes on a UDP service are
 * each printed as {@code FILE:LINE: message} with exit code 1; a valid service passes.
 */
class SniValidationDistTest {
    @Test
    void everyBadSniKeyIsPrintedWithFileAndLine(@TempDir Path tmp) throws Exception {
        String text = """
                lb {
                  services = [
                    { name = "tls", listen { interfaces = ["eth0"], address = "198.18.0.1", port = 443 }
                      targets = [ { ip = "198.18.1.2", port = 443 } ]
                      proxy-protocol = v3
                      sni-default = drop
                      sni-routes = [
                        { hostname = "bad_name.example.com", targets = [ { ip = "198.18.1.3", port = 443 } ] }
                        { hostname = "x.example.com", proxy-protocl = v2, targets = [ { ip = "198.18.1.4", port = 443 } ] }
                        { hostname = "y.example.com", proxy-protocol = v1, targets = [ { ip = "198.18.1.4", port = 443 } ] }
                      ]
                    }
                    { name = "twice", listen { interfaces = ["eth0"], address = "198.18.0.1", port = 8443 }
                      targets = [ { ip = "198.18.1.2", port = 443 } ]
                      sni-routes = [
                        { hostname = "api.example.com", targets = [ { ip = "198.18.1.3", port = 443 } ] }
                        { hostname = "API.Example.com", targets = [ { ip = "198.18.1.4", port = 443 } ] }
                      ]
                    }
                    { name = "dns", listen { interfaces = ["eth0"], address = "198.18.0.1", port = 53, protocol = udp }
                      targets = [ { ip = "198.18.1.2", port = 53 } ]
                      sni-routes = [ { hostname = "a.example.com", targets = [ { ip = "198.18.1.3", port = 53 } ] } ]
                    }
                  ]
                }
                """;
        Path file = Files.writeString(tmp.resolve("sni-bad.conf"), text);

        Distribution.Result r = Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString());

        assertEquals(1, r.exitCode(), r::describe);
        List<String> printed = (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith(file + ":")).toList();
        List<String> expected = List.of(
                Distribution.at(file, text, "v3") + "proxy-protocol must be v2 or none, got 'v3'",
                Distribution.at(file, text, "drop") + "sni-default must be targets or reject, got 'drop'",
                Distribution.at(file, text, "bad_name") + "sni-routes[0].hostname 'bad_name.example.com' is neither",
                Distribution.at(file, text, "proxy-protocl") + "unknown key 'proxy-protocl' in sni-routes[1] (did you "
                        + "mean 'proxy-protocol'?)",
                Distribution.at(file, text, "v1") + "sni-routes[2].proxy-protocol must be v2 or none, got 'v1'",
                Distribution.at(file, text, "API.Example") + "SNI route api.example.com is defined twice (first at",
                Distribution.at(file, text, "a.example.com") + "sni-routes needs a tcp service");
        for (String line : expected) {
            assertTrue(printed.stream().anyMatch(p -> p.startsWith(line)), () -> "no line starting '" + line + "'\n"
                    + r.describe());
        }
        assertEquals(expected.size(), printed.size(), r::describe);
    }

    @Test
    void validRoutesPass(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("sni.conf"), """
                lb {
                  services = [
                    { name = "tls", listen { interfaces = ["eth0"], address = "198.18.0.1", port = 443 }
                      targets = [ { ip = "198.18.1.2", port = 443 } ]
                      sni-default = reject, proxy-protocol = v2
                      sni-routes = [
                        { hostname = "api.example.com", targets = [ { ip = "198.18.1.3", port = 443, weight = 2 } ] }
                        { hostname = "*.example.com", proxy-protocol = none,
                          targets = [ { ip = "198.18.1.4", port = 443, health-check { type = tcp } } ] }
                      ]
                    }
                  ]
                }
                """);
        Distribution.lb(Distribution.dir(), Map.of(), "validate", "-c", file.toString()).assertSuccess();
    }
}
