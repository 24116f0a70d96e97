package org.ebpflb.plugin.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.testkit.HoconModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainSettingsTest {
    @TempDir
    Path dir;

    private Config settings(String text) throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, text);
        Config reference = ConfigFactory.parseURL(DrainPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseFile(file.toFile()).withFallback(reference).resolve().getConfig("lb.plugins.drain");
    }

    @Test
    void theReferenceDefaultsRead() throws IOException {
        assertEquals(List.of(), new DrainPlugin().validateSettings(settings("")));
        DrainSettings s = DrainSettings.read(settings("")).settings().orElseThrow();
        assertEquals(new DrainSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), OnTimeout.KEEP), s);
    }

    @Test
    void badSettingsAreReportedAtTheirLine() throws IOException {
        List<ConfigProblem> problems = new DrainPlugin().validateSettings(settings("""
                lb.plugins.drain {
                  check-interval = 0s
                  default-timeout = soon
                  on-timeout = drop
                }
                """));
        assertEquals(List.of("lb.conf:2: lb.plugins.drain.check-interval must be longer than 0s, got 0s",
                        "lb.conf:3: lb.plugins.drain.default-timeout must be a duration with a unit such as 5s or "
                                + "250ms, got 'soon'",
                        "lb.conf:4: lb.plugins.drain.on-timeout must be keep or reset, got 'drop'"),
                problems.stream().map(p -> Path.of(p.file()).getFileName() + ":" + p.line() + ": " + p.message())
                        .collect(Collectors.toList()));
    }

    @Test
    void aServicesDrainTimeoutMustBeAPositiveDuration() {
        List<ConfigProblem> problems = new DrainConfigKeys().validate(HoconModels.services(dir, """
                services = [ { name = web, drain-timeout = -5s, targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
                """).get(0));
        assertEquals(List.of("drain-timeout must be longer than 0s, got -5s"),
                problems.stream().map(ConfigProblem::message).toList());
        assertEquals(List.of(), new DrainConfigKeys().validate(HoconModels.services(dir, """
                services = [ { name = web, drain-timeout = 5s, targets = [ { ip = "198.18.1.2", port = 80 } ] } ]
                """).get(0)));
    }
}
