package org.ebpflb.plugin.healthcommon;

import org.ebpflb.testkit.HoconModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of health-check blocks: every problem points at the file and line that caused it. */
class ValidationTest {
    @TempDir
    Path dir;

    private final ConfigKeys keys = new FakeHealthPlugin(Clock.systemUTC()).configKeys().get(0);

    private List<String> problems(String hocon) {
        List<ServiceSpec> services = HoconModels.services(dir, hocon);
        return services.stream().flatMap(s -> keys.validate(s).stream()).map(ConfigProblem::toString).toList();
    }

    private static String file(List<String> problems) {
        return problems.get(0).substring(0, problems.get(0).indexOf(':'));
    }

    @Test
    void ownsHealthCheckAtBothLevelsDiscriminatedByType() {
        assertEquals(Set.of("health-check"), keys.serviceKeys());
        assertEquals(Set.of("health-check"), keys.targetKeys());
        assertEquals(Optional.of(new ConfigKeys.Discriminator("health-check", "type", Set.of("tcp"), "tcp")),
                keys.discriminator());
    }

    @Test
    void reportsEachProblemAtItsLine() {
        List<String> problems = problems("""
                services = [ {
                  name = web
                  health-check {
                    type = tcp
                    interval = 2s
                    timeout = 2s
                    healthy-threshold = 0
                    intervall = 3s
                    jitter = 0.7
                    initial-state = sick
                    word = bad
                  }
                  targets = [
                    { ip = "198.18.1.2", port = 80, health-check { unhealthy-threshold = -1 } }
                    { ip = "198.18.1.3", port = 80, health-check { type = http, whatever = 1 } }
                  ]
                } ]
                """);
        String f = file(problems);
        assertTrue(f.endsWith(".conf"), f);
        assertEquals(new TreeSet<>(List.of(
                f + ":8: unknown key 'intervall' in health-check (type tcp) (did you mean 'interval'?)",
                f + ":6: health-check.timeout (2s) must be shorter than health-check.interval (2s)",
                f + ":7: health-check.healthy-threshold must be at least 1, got 0",
                f + ":10: health-check.initial-state must be healthy or unhealthy, got 'sick'",
                f + ":9: health-check.jitter must be a fraction between 0 and 0.5 (e.g. 0.1) or a "
                        + "percentage between 0% and 50% (e.g. \"10%\"), got 0.7",
                f + ":11: health-check.word must not be bad",
                f + ":14: health-check.unhealthy-threshold must be at least 1, got -1")),
                new TreeSet<>(problems));
        assertEquals(7, problems.size(), "inherited problems are reported once: " + problems);
    }

    @Test
    void timeoutAgainstTheDefaultIntervalBlamesTheTimeout() {
        List<String> problems = problems("""
                services = [ { name = web, targets = [ { ip = "198.18.1.2", port = 80 } ]
                  health-check {
                    timeout = 5s
                  }
                } ]
                """);
        assertEquals(List.of(file(problems) + ":3: health-check.timeout (5s) must be shorter than "
                + "health-check.interval (5s)"), problems);
    }

    @Test
    void targetIntervalBelowTheServiceTimeoutBlamesTheTargetsInterval() {
        List<String> problems = problems("""
                services = [ { name = web, health-check { timeout = 3s }, targets = [
                  { ip = "198.18.1.2", port = 80, health-check { interval = 2s } }
                ] } ]
                """);
        assertEquals(List.of(file(problems) + ":2: health-check.timeout (3s) must be shorter than "
                + "health-check.interval (2s)"), problems);
    }

    @Test
    void wrongValueTypesAndShapes() {
        List<String> problems = problems("""
                services = [
                  { name = a, health-check { interval = soon }, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                  { name = b, health-check = tcp, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                  { name = c, health-check { jitter = "x%" }, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                  { name = d, health-check { jitter = "20%", foo = 1 }, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                ]
                """);
        String f = file(problems);
        assertEquals(List.of(
                f + ":2: health-check.interval must be a duration with a unit such as 5s or 250ms, got 'soon'",
                f + ":3: health-check must be an object such as { type = tcp, interval = 5s }",
                f + ":4: health-check.jitter must be a fraction between 0 and 0.5 (e.g. 0.1) or a "
                        + "percentage between 0% and 50% (e.g. \"10%\"), got 'x%'",
                f + ":5: unknown key 'foo' in health-check (type tcp) (known keys: healthy-threshold, initial-state, "
                        + "interval, jitter, slow-start, timeout, type, unhealthy-threshold, word)"), problems);
    }

    @Test
    void blocksOfOtherTypesAndTypeNoneAreNotThisPluginsToValidate() {
        assertEquals(List.of(), problems("""
                services = [ { name = web, health-check { type = http, path = "no-slash", timeout = 9s }, targets = [
                  { ip = "198.18.1.2", port = 80, health-check { type = none, anything = goes } }
                ] } ]
                """));
    }

    @Test
    void sourceRouteTargetsAreValidatedToo() {
        List<String> problems = problems("""
                services = [ { name = web, targets = [ { ip = "198.18.1.2", port = 80 } ]
                  source-routes = [ { source = "10.0.0.0/8", targets = [
                    { ip = "198.18.2.2", port = 80, health-check { slow-start = -1s } }
                  ] } ]
                } ]
                """);
        assertEquals(List.of(file(problems) + ":3: health-check.slow-start must be 0s or longer, got -1s"),
                problems);
    }
}
