package org.ebpflb.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static final String REFERENCE = """
            lb.plugins.demo {
              interval = 5s
              attempts = 3
              share = 0.1
              mode = fail
              servers = []
              grace = null
              required-later = null
            }
            """;

    enum Mode { FAIL, START_EMPTY }

    @TempDir
    Path dir;

    /** The operator's file over the plugin's reference.conf, rooted at the operator's block as the runtime does. */
    private Settings read(String operatorFile) throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, operatorFile);
        Config operator = ConfigFactory.parseFile(file.toFile());
        Config reference = ConfigFactory.parseString(REFERENCE,
                ConfigParseOptions.defaults().setOriginDescription("reference.conf of plugin demo"));
        Config own = operator.getConfig("lb.plugins.demo");
        Config merged = own.withFallback(reference.getConfig("lb.plugins.demo"));
        return Settings.of(merged.root().withOrigin(own.root().origin()).toConfig(), "lb.plugins.demo");
    }

    private List<String> messages(Settings s) {
        return s.problems().stream().map(ConfigProblem::toString).map(m -> m.replace(dir + "/", "")).toList();
    }

    @Test
    void readsTypedValuesWithoutProblems() throws IOException {
        Settings s = read("""
                lb.plugins.demo {
                  interval = 2s
                  attempts = "4"
                  share = "25%"
                  mode = start-empty
                  servers = ["198.18.0.53", "[2001:db8::1]:5353", "ns.example.org:53"]
                  allow = ["10.0.0.0/8"]
                  address = "2001:db8::2"
                  enabled = yes
                  window { start = "22:00" }
                }
                """);
        assertEquals(Duration.ofSeconds(2), s.duration("interval"));
        assertEquals(4, s.integer("attempts", 1, 10));
        assertEquals(0.25, s.fraction("share", 0, 0.5), 1e-9);
        assertEquals(Mode.START_EMPTY, s.enumValue("mode", Mode.class));
        List<InetSocketAddress> servers = s.list("servers", (e, k) -> e.hostPort(k, 53));
        assertEquals(new InetSocketAddress(IpAddresses.parseLiteral("198.18.0.53"), 53), servers.get(0));
        assertEquals(new InetSocketAddress(IpAddresses.parseLiteral("2001:db8::1"), 5353), servers.get(1));
        assertTrue(servers.get(2).isUnresolved(), "a hostname is left for the plugin to resolve");
        assertEquals(List.of(Cidr.parse("10.0.0.0/8")), s.list("allow", Settings::cidr));
        assertEquals(IpAddresses.parseLiteral("2001:db8::2"), s.ipAddress("address"));
        assertTrue(s.bool("enabled"));
        assertEquals(LocalTime.of(22, 0), s.object("window").parsed("start", "a time of day", LocalTime::parse));
        assertEquals(Optional.empty(), s.optional("grace", Settings::duration), "null in reference.conf: unset");
        assertTrue(s.ok(), () -> messages(s).toString());
    }

    @Test
    void anUnsetKeyIsReportedAtTheOperatorsBlockNotAtTheReferenceConf() throws IOException {
        Settings s = read("""
                lb {
                  plugins.demo {
                    attempts = 2
                  }
                }
                """);
        s.duration("required-later");
        s.string("never-declared");
        assertEquals(List.of("lb.conf:2: lb.plugins.demo.required-later is not set",
                "lb.conf:2: lb.plugins.demo.never-declared is not set"), messages(s));
    }

    @Test
    void anExplicitNullIsReportedWhereTheOperatorWroteIt() throws IOException {
        Settings s = read("lb.plugins.demo {\n  interval = null\n}\n");
        assertEquals(null, s.duration("interval"));
        assertEquals(List.of("lb.conf:2: lb.plugins.demo.interval is not set"), messages(s));
    }

    @Test
    void wrongValuesNameTheKeyTheExpectationAndTheValueAtTheirLine() throws IOException {
        Settings s = read("""
                lb.plugins.demo {
                  interval = 5
                  attempts = 0
                  share = "70%"
                  mode = start-empy
                  timeout = 0s
                  level = 2.5
                  flag = maybe
                  name = { a = 1 }
                }
                """);
        s.duration("interval");
        s.integer("attempts", 1, Integer.MAX_VALUE);
        s.fraction("share", 0, 0.5);
        s.enumValue("mode", Mode.class);
        s.duration("timeout");
        s.number("level", 0, 1);
        s.bool("flag");
        s.string("name");
        assertEquals(List.of(
                "lb.conf:2: lb.plugins.demo.interval must be a duration with a unit such as 5s or 250ms, got 5",
                "lb.conf:3: lb.plugins.demo.attempts must be at least 1, got 0",
                "lb.conf:4: lb.plugins.demo.share must be a fraction between 0 and 0.5 (e.g. 0.1) or a percentage "
                        + "between 0% and 50% (e.g. \"10%\"), got '70%'",
                "lb.conf:5: lb.plugins.demo.mode must be fail or start-empty, got 'start-empy' "
                        + "(did you mean 'start-empty'?)",
                "lb.conf:6: lb.plugins.demo.timeout must be longer than 0s, got 0s",
                "lb.conf:7: lb.plugins.demo.level must be between 0 and 1, got 2.5",
                "lb.conf:8: lb.plugins.demo.flag must be true or false, got 'maybe'",
                "lb.conf:9: lb.plugins.demo.name must be a string, got an object"), messages(s));
        assertFalse(s.ok());
    }

    @Test
    void boundsOfDurationsAndWholeNumbers() throws IOException {
        Settings s = read("""
                lb.plugins.demo {
                  a = 500ms
                  b = 2h
                  c = -1s
                  d = 11
                  e = 1.5
                  f = 0s
                }
                """);
        assertEquals(null, s.duration("a", Duration.ofSeconds(1), Duration.ofHours(1)));
        assertEquals(null, s.duration("b", Duration.ofSeconds(1), Duration.ofHours(1)));
        assertEquals(null, s.duration("c", Duration.ZERO, Duration.ofHours(1)));
        assertEquals(1, s.integer("d", 1, 10), "the placeholder is the lower bound");
        s.integer("e", 1, 10);
        assertEquals(Duration.ZERO, s.duration("f", Duration.ZERO, Duration.ofHours(1)));
        assertEquals(List.of(
                "lb.conf:2: lb.plugins.demo.a must be at least 1s, got 500ms",
                "lb.conf:3: lb.plugins.demo.b must be at most 3600s, got 7200s",
                "lb.conf:4: lb.plugins.demo.c must be 0s or longer, got -1s",
                "lb.conf:5: lb.plugins.demo.d must be between 1 and 10, got 11",
                "lb.conf:6: lb.plugins.demo.e must be a whole number, got 1.5"), messages(s));
    }

    @Test
    void listElementsAreNamedByIndexAndInvalidOnesLeftOut() throws IOException {
        Settings s = read("""
                lb.plugins.demo {
                  allow = [
                    "10.0.0.0/8",
                    "10.0.0.1/8",
                    { x = 1 }
                  ]
                  servers = ["198.18.0.1:99999", "not_a host", "300.1.1.1"]
                  names = "a"
                }
                """);
        assertEquals(List.of(Cidr.parse("10.0.0.0/8")), s.list("allow", Settings::cidr));
        assertEquals(List.of(), s.list("servers", (e, k) -> e.hostPort(k, 53)));
        assertEquals(List.of(), s.list("names", Settings::string));
        assertEquals(List.of(
                "lb.conf:4: lb.plugins.demo.allow[1] must be a CIDR such as 10.0.0.0/8: 10.0.0.1/8 has host bits set",
                "lb.conf:5: lb.plugins.demo.allow[2] must be a string, got an object",
                "lb.conf:7: lb.plugins.demo.servers[0] must be host or host:port (IPv6 as [addr]:port), "
                        + "got '198.18.0.1:99999'",
                "lb.conf:7: lb.plugins.demo.servers[1] must be host or host:port (IPv6 as [addr]:port), "
                        + "got 'not_a host'",
                "lb.conf:7: lb.plugins.demo.servers[2] must be host or host:port (IPv6 as [addr]:port): "
                        + "'300.1.1.1' is not an IP address (octet 300)",
                "lb.conf:8: lb.plugins.demo.names must be a list [ ... ], got 'a'"), messages(s));
    }

    @Test
    void optionalValuesAreEmptyWhenUnsetAndReportedWhenInvalid() throws IOException {
        Settings s = read("lb.plugins.demo {\n  grace = 10s\n  window = 3\n}\n");
        assertEquals(Optional.of(Duration.ofSeconds(10)), s.optional("grace", Settings::duration));
        assertEquals(Optional.empty(), s.optional("absent", Settings::duration));
        assertTrue(s.ok());
        assertEquals(Optional.empty(), s.optional("window", (b, k) -> b.integer(k, 5, 10)));
        assertEquals(List.of("lb.conf:3: lb.plugins.demo.window must be between 5 and 10, got 3"), messages(s));
    }

    @Test
    void aNestedBlockIsReadWithItsPathAndABrokenOneReportedOnce() throws IOException {
        Settings s = read("""
                lb.plugins.demo {
                  window { start = "25:00", stat = 1 }
                  other = 3
                }
                """);
        Settings window = s.object("window");
        window.parsed("start", "a time of day such as 22:00", LocalTime::parse);
        window.rejectUnknownKeys(List.of("start", "end"));
        Settings other = s.object("other");
        other.duration("a");
        other.string("b");
        assertEquals(List.of(
                "lb.conf:2: lb.plugins.demo.window.start must be a time of day such as 22:00, got '25:00'",
                "lb.conf:2: unknown key 'stat' in lb.plugins.demo.window (did you mean 'start'?)",
                "lb.conf:3: lb.plugins.demo.other must be an object { ... }, got 3"), messages(s));
    }

    @Test
    void crossFieldProblemsPointAtTheBlamedValue() throws IOException {
        Settings s = read("lb.plugins.demo {\n  timeout = 9s\n}\n");
        s.problem("timeout", s.name("timeout") + " must be shorter than " + s.name("interval"));
        s.problem("missing", "blamed on the block");
        assertEquals(List.of("lb.conf:2: lb.plugins.demo.timeout must be shorter than lb.plugins.demo.interval",
                "lb.conf:1: blamed on the block"), messages(s));
    }

    @Test
    void targetKeysAreNamedWithoutAPath() {
        Config target = ConfigFactory.parseString("{ ip = 198.18.0.1, dns-refresh = fast }");
        Settings s = Settings.of(target, "");
        s.optional("dns-refresh", Settings::duration);
        assertEquals(List.of("dns-refresh must be a duration with a unit such as 5s or 250ms, got 'fast'"),
                s.problems().stream().map(ConfigProblem::message).toList());
    }
}
