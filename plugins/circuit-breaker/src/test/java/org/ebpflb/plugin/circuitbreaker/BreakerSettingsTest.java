package org.ebpflb.plugin.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.testkit.HoconModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakerSettingsTest {
    @TempDir
    Path dir;

    private static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(p -> Path.of(p.file()).getFileName() + ":" + p.line() + ": " + p.message())
                .toList();
    }

    @Test
    void theReferenceDefaultsAreValid() {
        Config reference = ConfigFactory.parseURL(CircuitBreakerPlugin.class.getResource("/reference.conf"));
        assertEquals(List.of(), new CircuitBreakerPlugin().validateSettings(
                reference.getConfig("lb.plugins.circuit-breaker")));
    }

    @Test
    void badOperatorDefaultsAreReportedAtTheirLine() throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, """
                lb.plugins.circuit-breaker {
                  check-interval = 0s
                  defaults { error-threshold-pct = 150, half-open-factor = 0, min-requests = 2.5 }
                }
                """);
        Config reference = ConfigFactory.parseURL(CircuitBreakerPlugin.class.getResource("/reference.conf"));
        Config settings = ConfigFactory.parseFile(file.toFile()).withFallback(reference).resolve()
                .getConfig("lb.plugins.circuit-breaker");
        assertEquals(List.of("lb.conf:2: lb.plugins.circuit-breaker.check-interval must be longer than 0s, got 0s",
                "lb.conf:3: lb.plugins.circuit-breaker.defaults.error-threshold-pct must be between 0 and 100, got 150",
                "lb.conf:3: lb.plugins.circuit-breaker.defaults.min-requests must be a whole number, got 2.5",
                "lb.conf:3: lb.plugins.circuit-breaker.defaults.half-open-factor must be above 0, or a half-open "
                        + "circuit could never see a success"),
                lines(new CircuitBreakerPlugin().validateSettings(settings)));
    }

    @Test
    void aServiceBlockIsCheckedKeyByKey() {
        List<ConfigProblem> problems = new CircuitBreakerPlugin().configKeys().get(0).validate(HoconModels.services(dir,
                """
                services = [ { name = web, targets = [ { ip = "198.18.1.2", port = 80 } ]
                  circuit-breaker { window = soon, max-ejection = 50 }
                } ]
                """).get(0));
        assertEquals(List.of("unknown key 'max-ejection' in circuit-breaker (known keys: error-threshold-pct, "
                        + "half-open-factor, max-ejection-pct, min-requests, open-duration, success-threshold, window)",
                "circuit-breaker.window must be a duration with a unit such as 5s or 250ms, got 'soon'"),
                problems.stream().map(ConfigProblem::message).toList());
        assertEquals(List.of("circuit-breaker must be an object { ... }, got 5"),
                new CircuitBreakerPlugin().configKeys().get(0).validate(HoconModels.services(dir, """
                services = [ { name = web, circuit-breaker = 5, targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
                """).get(0)).stream().map(ConfigProblem::message).toList());
    }
}
