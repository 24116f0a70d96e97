package com.example.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.FatalStartException;
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
        FatalStartException e = assertThrows(FatalStartException.class, () -> MaintenanceSettings.from(
                PluginConfigs.fromFile(dir, """
                        lb.plugins.maintenance-window {
                          targets = ["198.18.1.2:8080", "web.internal:80", 42]
                          window {
                            start = "25:00"
                            end = "04:00"
                            zone = "Mars/Olympus"
                          }
                          tragets = []
                        }
                        """)));
        assertEquals(List.of(
                file + ":8: unknown key lb.plugins.maintenance-window.tragets"
                        + " (known: targets, window.start, window.end, window.zone)",
                file + ":2: lb.plugins.maintenance-window.targets: 'web.internal' is not an IP address",
                file + ":2: lb.plugins.maintenance-window.targets: expected \"ip:port\", got 42",
                file + ":4: lb.plugins.maintenance-window.window.start: '25:00' is not a time of day \"HH:MM\""
                        + " (00:00 to 23:59)",
                file + ":6: lb.plugins.maintenance-window.window.zone: Unknown time-zone ID: Mars/Olympus"
                        + " (use an id such as \"UTC\" or \"Europe/Berlin\")"),
                e.getMessage().lines().toList());
    }

    @Test
    void rejectsAWindowWithoutLength() throws Exception {
        FatalStartException e = assertThrows(FatalStartException.class, () -> MaintenanceSettings.from(
                PluginConfigs.fromFile(dir, """
                        lb.plugins.maintenance-window.window { start = "03:00", end = "03:00" }
                        """)));
        assertEquals(dir.resolve("lb.conf") + ":1: lb.plugins.maintenance-window.window: start and end are both"
                + " 03:00; a window must have a length", e.getMessage());
    }

    @Test
    void rejectsAWindowThatIsNotAnObject() throws Exception {
        FatalStartException e = assertThrows(FatalStartException.class, () -> MaintenanceSettings.from(
                PluginConfigs.fromFile(dir, "lb.plugins.maintenance-window.window = \"02:00-04:00\"\n")));
        assertEquals(dir.resolve("lb.conf") + ":1: unknown key lb.plugins.maintenance-window.window"
                + " (known: targets, window.start, window.end, window.zone)", e.getMessage().lines().findFirst()
                .orElseThrow());
    }
}
