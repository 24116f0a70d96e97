package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsConfigKeysTest {
    @TempDir
    Path dir;

    private final DnsConfigKeys keys = new DnsConfigKeys();

    private List<String> problems(String service) throws Exception {
        Path file = dir.resolve("lb.conf");
        return keys.validate(TestConfigs.serviceFile(file, service)).stream().map(ConfigProblem::toString)
                .map(line -> line.replace(file.toString(), "lb.conf")).toList();
    }

    @Test
    void ownsTheHostTargetKeys() {
        assertEquals(Set.of("host", "dns-refresh", "respect-ttl"), keys.targetKeys());
        assertEquals(Set.of(), keys.serviceKeys());
        assertTrue(new DnsPlugin().configKeys().stream().allMatch(k -> k instanceof DnsConfigKeys));
    }

    @Test
    void acceptsValidHostTargetsMixedWithStaticOnes() throws Exception {
        assertEquals(List.of(), problems("""
                name = web
                targets = [
                  { ip = "198.18.1.2", port = 8080, weight = 50 }
                  { host = "web.backend.internal", port = 8080, weight = 50, dns-refresh = 1s, respect-ttl = true }
                  { host = "Web.Backend.Internal.", port = 9090, dns-refresh = 1000ms, respect-ttl = true }
                ]
                """));
    }

    @Test
    void reportsEachProblemAtItsLine() throws Exception {
        List<String> found = problems("""
                name = web
                targets = [
                  { host = "bad_name.test", port = 80 }
                  { host = "ok.test", port = 80, dns-refresh = 500ms }
                  { ip = "198.18.1.2", host = "both.test", port = 80 }
                  { ip = "198.18.1.3", port = 80, dns-refresh = 5s }
                  { host = "ok2.test", port = 80, respect-ttl = maybe }
                  { host = "ok3.test", port = 80, dns-refresh = often }
                ]
                """);
        assertEquals(List.of(
                "lb.conf:3: host 'bad_name.test' has an invalid label 'bad_name': use letters, digits and inner "
                        + "hyphens only (RFC 1123)",
                "lb.conf:4: dns-refresh must be at least 1s, got 500ms",
                "lb.conf:5: a target has either ip or host, not both",
                "lb.conf:6: dns-refresh applies only to a target with host; this target has none"),
                found.subList(0, 4));
        assertEquals(6, found.size(), found.toString());
        assertTrue(found.get(4).startsWith("lb.conf:7: respect-ttl must be true or false, got "), found.get(4));
        assertTrue(found.get(5).equals("lb.conf:8: dns-refresh must be a duration with a unit such as 5s or 250ms, got 'often'"), found.get(5));
    }

    @Test
    void checksSourceRouteTargetsToo() throws Exception {
        assertEquals(List.of("lb.conf:5: host '-x.test' has an invalid label '-x': use letters, digits and inner "
                + "hyphens only (RFC 1123)"), problems("""
                name = web
                targets = [ { ip = "198.18.1.2", port = 80 } ]
                source-routes = [
                  { source = "192.168.0.0/16", targets = [
                    { host = "-x.test", port = 80 } ] }
                ]
                """));
    }

    @Test
    void oneNameInOneServiceHasOneRefreshSetting() throws Exception {
        List<String> found = problems("""
                name = web
                targets = [
                  { host = "api.test", port = 80, dns-refresh = 5s }
                  { host = "API.test", port = 81, dns-refresh = 10s }
                ]
                """);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("lb.conf:4: host 'API.test' appears again in service 'web' with other "
                + "dns-refresh/respect-ttl than at lb.conf:3"), found.get(0));
    }
}
