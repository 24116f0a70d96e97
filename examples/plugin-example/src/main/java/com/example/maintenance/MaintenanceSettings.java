package com.example.maintenance;

import com.typesafe.config.Config;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin's validated settings. {@link #check} (for {@code validateSettings}) and {@link #from} (for {@code start}
 * and reloads) share one reader, so what {@code lb validate} accepts is exactly what the plugin runs with. Unknown
 * keys and {@code enabled}/{@code required} are the runtime's to check, against the plugin's reference.conf.
 *
 * @param targets the targets taken out while the window is open
 * @param window the daily window
 */
public record MaintenanceSettings(Set<Endpoint> targets, MaintenanceWindow window) {
    /** Where the settings live in lb.conf, for messages. */
    static final String PATH = "lb.plugins." + MaintenanceWindowPlugin.ID;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** Copies the set. */
    public MaintenanceSettings {
        targets = Set.copyOf(targets);
    }

    /**
     * @param config {@code lb.plugins.maintenance-window} over the plugin's reference.conf
     * @return every problem, each with the file and line of the operator's value; empty when the settings are valid
     */
    public static List<ConfigProblem> check(Config config) {
        Settings s = Settings.of(config, PATH);
        read(s);
        return s.problems();
    }

    /**
     * @param config {@code lb.plugins.maintenance-window} over the plugin's reference.conf, already checked
     * @return the settings
     * @throws IllegalArgumentException when {@link #check} finds problems (the runtime never starts or reloads a
     *     plugin with settings its {@code validateSettings} refused)
     */
    public static MaintenanceSettings from(Config config) {
        Settings s = Settings.of(config, PATH);
        MaintenanceSettings settings = read(s);
        if (!s.ok()) {
            throw new IllegalArgumentException(s.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("\n")));
        }
        return settings;
    }

    private static MaintenanceSettings read(Settings s) {
        Set<Endpoint> targets = new LinkedHashSet<>(s.list("targets",
                (element, key) -> element.parsed(key, "\"ip:port\"", Endpoint::parse)));
        Settings window = s.object("window");
        LocalTime start = window.parsed("start", "a time of day \"HH:MM\" (00:00 to 23:59)", MaintenanceSettings::time);
        LocalTime end = window.parsed("end", "a time of day \"HH:MM\" (00:00 to 23:59)", MaintenanceSettings::time);
        ZoneId zone = window.parsed("zone", "a zone id such as \"UTC\" or \"Europe/Berlin\"", ZoneId::of);
        if (start != null && start.equals(end)) {
            window.problem("end", PATH + ".window: start and end are both " + start + "; a window must have a length");
        }
        return s.ok() ? new MaintenanceSettings(targets, new MaintenanceWindow(start, end, zone)) : null;
    }

    private static LocalTime time(String text) {
        return LocalTime.parse(text, TIME);
    }
}
