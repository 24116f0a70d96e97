package org.ebpflb.plugin.leastconn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeastConnSettingsTest {
    @TempDir
    Path dir;

    private Config settings(String text) throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, text);
        Config reference = ConfigFactory.parseURL(LeastConnPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseFile(file.toFile()).withFallback(reference).resolve()
                .getConfig("lb.plugins.least-conn");
    }

    @Test
    void theDefaultsShapeNothing() throws IOException {
        LeastConnSettings s = LeastConnSettings.read(settings("")).settings().orElseThrow();
        assertEquals(new LeastConnSettings(Duration.ofSeconds(1), 0.1, 0.05, Set.of()), s);
        assertEquals(false, s.shapes("web"));
        assertEquals(true, LeastConnSettings.read(settings("lb.plugins.least-conn.services = [\"*\"]")).settings()
                .orElseThrow().shapes("web"));
    }

    @Test
    void badSettingsAreReportedAtTheirLine() throws IOException {
        assertEquals(List.of("lb.conf:2: lb.plugins.least-conn.interval must be longer than 0s, got 0s",
                        "lb.conf:3: lb.plugins.least-conn.min-change must be between 0 and 1, got 1.5",
                        "lb.conf:4: lb.plugins.least-conn.min-factor must be above 0: least-conn never takes a "
                                + "target out",
                        "lb.conf:5: lb.plugins.least-conn.services must be a list [ ... ], got 'web'"),
                new LeastConnPlugin().validateSettings(settings("""
                        lb.plugins.least-conn {
                          interval = 0s
                          min-change = 1.5
                          min-factor = 0
                          services = web
                        }
                        """)).stream().map(p -> Path.of(p.file()).getFileName() + ":" + p.line() + ": "
                        + p.message()).toList());
    }
}
