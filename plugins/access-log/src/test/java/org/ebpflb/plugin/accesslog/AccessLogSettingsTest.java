package org.ebpflb.plugin.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogSettingsTest {
    @TempDir
    Path dir;

    private Config settings(String text) throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, text);
        Config reference = ConfigFactory.parseURL(AccessLogPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseFile(file.toFile()).withFallback(reference).resolve()
                .getConfig("lb.plugins.access-log");
    }

    @Test
    void theDefaults() throws IOException {
        assertEquals(new AccessLogSettings(false, Path.of("/var/log/ebpf-lb/access.log"), 100L << 20, 5, false,
                65536), AccessLogSettings.read(settings("")).settings().orElseThrow());
        assertEquals(new AccessLogSettings(true, Path.of("/tmp/a.log"), 4096, 1, true, 10),
                AccessLogSettings.read(settings("""
                        lb.plugins.access-log { output = stdout, file = "/tmp/a.log", max-size = 4KiB, max-files = 1,
                          log = opened-and-closed, queue = 10 }
                        """)).settings().orElseThrow());
    }

    @Test
    void badSettingsAreReportedAtTheirLine() throws IOException {
        assertEquals(List.of("lb.conf:2: lb.plugins.access-log.output must be file or stdout, got 'disk'",
                        "lb.conf:3: lb.plugins.access-log.file must be an absolute path: 'logs/access.log' is not an "
                                + "absolute file path",
                        "lb.conf:4: lb.plugins.access-log.max-size must be a size of at least 4KiB such as 100MiB: "
                                + "100 is below 4KiB",
                        "lb.conf:5: lb.plugins.access-log.max-files must be between 1 and 1000, got 0",
                        "lb.conf:6: lb.plugins.access-log.log must be closed or opened-and-closed, got 'all'",
                        "lb.conf:7: lb.plugins.access-log.queue must be between 1 and 10000000, got 0"),
                new AccessLogPlugin().validateSettings(settings("""
                        lb.plugins.access-log {
                          output = disk
                          file = "logs/access.log"
                          max-size = 100
                          max-files = 0
                          log = all
                          queue = 0
                        }
                        """)).stream().map(p -> p.toString().replace(dir + "/", "")).toList());
    }

    @Test
    void aSizeHoconCannotReadIsRefused() throws IOException {
        assertEquals(List.of("lb.conf:1: lb.plugins.access-log.max-size must be a size of at least 4KiB such as "
                        + "100MiB, got 'lots'"),
                new AccessLogPlugin().validateSettings(settings("lb.plugins.access-log.max-size = lots"))
                        .stream().map(p -> p.toString().replace(dir + "/", "")).toList());
    }
}
