package com.example.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void readsTargetsAndWindow() throws Exception {
        MaintenanceSettings settings = MaintenanceSettings.from(PluginConfigs.fromFile(dir, """
                lb.plugins.maintenance-window {
                  targets = ["198.18.1.2:8080", "198.18.1.3:9090"]
                  window { start = "22:30", end = "01:15", zone = "Europe/Berlin" }
                }
                """));
        assertEquals(Set.of(Endpoint.parse("198.18.1.2:8080"), Endpoint.parse("198.18.1.3:9090")), settings.targets());
        assertEquals(new MaintenanceWindow(LocalTime.of(22, 30), LocalTime.of(1, 15), ZoneId.of("Europe/Berlin")),
                settings.window());
    }

    @Test
    void reportsEveryProblemWithFileAndLine() throws Exception {
        String file = dir.resolve("lb.conf").toString();
        List<String> problems = MaintenanceSettings.check(PluginConfigs.fromFile(dir, """
                lb.plugins.maintenance-window {
                  targets = ["198.18.1.2:8080", "web.internal:80", 42]
                  window {
                    start = "25:00"
                    end = "04:00"
                    zone = "Mars/Olympus"
                  }
                }
                """)).stream().map(Object::toString).toList();
        assertEquals(List.of(
                file + ":2: lb.plugins.maintenance-window.targets[1] must be \"ip:port\": 'web.internal' is not an IP"
                        + " address",
                file + ":2: lb.plugins.maintenance-window.targets[2] must be \"ip:port\": '42' is not ip:port",
                file + ":4: lb.plugins.maintenance-window.window.start must be a time of day \"HH:MM\" (00:00 to"
                        + " 23:59), got '25:00'",
                file + ":6: lb.plugins.maintenance-window.window.zone must be a zone id such as \"UTC\" or"
                        + " \"Europe/Berlin\", got 'Mars/Olympus'"),
                problems);
        assertThrows(IllegalArgumentException.class, () -> MaintenanceSettings.from(PluginConfigs.fromFile(dir,
                "lb.plugins.maintenance-window.window.start = \"25:00\"\n")), "start never runs on refused settings");
    }

    @Test
    void rejectsAWindowWithoutLength() throws Exception {
        List<ConfigProblem> problems = MaintenanceSettings.check(PluginConfigs.fromFile(dir, """
                lb.plugins.maintenance-window.window { start = "03:00", end = "03:00" }
                """));
        assertEquals(List.of(dir.resolve("lb.conf") + ":1: lb.plugins.maintenance-window.window: start and end are"
                + " both 03:00; a window must have a length"), problems.stream().map(Object::toString).toList());
    }

    @Test
    void rejectsAWindowThatIsNotAnObject() throws Exception {
        List<ConfigProblem> problems = MaintenanceSettings.check(
                PluginConfigs.fromFile(dir, "lb.plugins.maintenance-window.window = \"02:00-04:00\"\n"));
        assertEquals(List.of(dir.resolve("lb.conf") + ":1: lb.plugins.maintenance-window.window must be an object"
                + " { ... }, got '02:00-04:00'"), problems.stream().map(Object::toString).toList());
    }
}
