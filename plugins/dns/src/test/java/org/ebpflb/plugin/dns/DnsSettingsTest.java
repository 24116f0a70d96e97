package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ResolverConfig;

class DnsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsComeFromReferenceConfAndTheSystemResolver() {
        DnsSettings s = DnsSettings.read(TestConfigs.settings("")).settings().orElseThrow();
        assertEquals(ResolverConfig.getCurrentConfig().servers(), s.servers());
        assertEquals(Duration.ofSeconds(30), s.defaultRefresh());
        assertEquals(false, s.respectTtl());
        assertEquals(Duration.ofSeconds(1), s.minRefresh());
        assertEquals(Duration.ofSeconds(300), s.maxRefresh());
        assertEquals(0.1, s.jitter());
        assertEquals(StartupFailureMode.FAIL, s.onStartupFailure());
    }

    @Test
    void serversAreLiteralAddressesWithOptionalPort() {
        DnsSettings s = DnsSettings.read(TestConfigs.settings(
                "servers = [\"127.0.0.1\", \"127.0.0.2:5353\", \"::1\", \"[::1]:5300\"]")).settings().orElseThrow();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("127.0.0.2", 5353),
                new InetSocketAddress("::1", 53), new InetSocketAddress("::1", 5300)), s.servers());
        assertEquals(List.of("127.0.0.1:53", "127.0.0.2:5353", "[::1]:53", "[::1]:5300"),
                s.servers().stream().map(ServerAddress::format).toList());
    }

    @Test
    void badServersAreReportedAtTheirLine() throws Exception {
        Path file = dir.resolve("lb.conf");
        List<ConfigProblem> problems = DnsSettings.read(TestConfigs.settingsFile(file, """
                lb.plugins.dns {
                  servers = [
                    "127.0.0.1:5353"
                    "dns.example:53"
                    "127.0.0.1:99999"
                    "fe80::1"
                    "0.0.0.0"
                    53
                  ]
                }
                """)).problems();
        assertEquals(5, problems.size(), problems.toString());
        assertEquals(List.of(4, 5, 6, 7, 8), problems.stream().map(ConfigProblem::line).toList());
        assertTrue(problems.stream().allMatch(p -> p.file().equals(file.toString())), problems.toString());
        assertTrue(problems.get(0).message().contains("servers[1] must be ip or ip:port (IPv6 as [addr]:port): 'dns.example:53' is not a literal address"));
        assertTrue(problems.get(1).message().contains("invalid port '99999'"));
        // the kernel refuses a link-local destination without an interface: the same check that finds "no route"
        assertTrue(problems.get(2).message().contains("[fe80::1]:53 is unreachable from this host"),
                problems.get(2).message());
        assertTrue(problems.get(3).message().contains("not a unicast address"));
        assertTrue(problems.get(4).message().contains("servers[5] must be ip or ip:port (IPv6 as [addr]:port): '53' is not a literal address"));
    }

    @Test
    void otherSettingsAreCheckedWithTheirLine() throws Exception {
        Path file = dir.resolve("lb.conf");
        List<ConfigProblem> problems = DnsSettings.read(TestConfigs.settingsFile(file, """
                lb.plugins.dns {
                  servers = ["127.0.0.1"]
                  default-refresh = 500ms
                  min-refresh = 10s
                  max-refresh = 5s
                  jitter = 0.9
                  timeout = soon
                  attempts = 0
                  on-startup-failure = ignore
                }
                """)).problems();
        List<String> lines = problems.stream().map(ConfigProblem::toString).toList();
        assertEquals(6, problems.size(), lines.toString());
        assertEquals(List.of(3, 5, 6, 7, 8, 9), problems.stream().map(ConfigProblem::line).distinct().sorted()
                .toList(), lines.toString());
        assertTrue(lines.contains(file + ":3: lb.plugins.dns.default-refresh must be at least 1s, got 500ms"),
                lines.toString());
        assertTrue(lines.contains(file + ":5: lb.plugins.dns.max-refresh (5s) is below lb.plugins.dns.min-refresh (10s)"),
                lines.toString());
        assertTrue(lines.contains(file + ":9: lb.plugins.dns.on-startup-failure must be fail or start-empty, got "
                + "'ignore'"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.equals(file + ":7: lb.plugins.dns.timeout must be a duration with a unit such as 5s or 250ms, got 'soon'")), lines.toString());
    }

    @Test
    void startRefusesInvalidSettingsWithTheSameProblems() throws Exception {
        Path file = dir.resolve("lb.conf");
        var settings = TestConfigs.settingsFile(file, "lb.plugins.dns { servers = [\"nameserver\"] }\n");
        DnsPlugin plugin = new DnsPlugin();
        List<ConfigProblem> problems = plugin.validateSettings(settings);
        assertEquals(1, problems.size());
        try (TestPluginContext context = new TestPluginContext(settings,
                new StaticServiceModel(List.of(), List.of()), java.time.Clock.systemUTC())) {
            FatalStartException e = assertThrows(FatalStartException.class, () -> plugin.start(context));
            assertTrue(e.getMessage().contains(problems.get(0).toString()), e.getMessage());
            assertTrue(context.sources.isEmpty());
        }
    }
}
