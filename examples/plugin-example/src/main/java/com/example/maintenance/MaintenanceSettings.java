package com.example.maintenance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FatalStartException;

/**
 * The plugin's validated settings.
 *
 * @param targets the targets taken out while the window is open
 * @param window the daily window
 */
public record MaintenanceSettings(Set<Endpoint> targets, MaintenanceWindow window) {
    /** Where the settings live in lb.conf, for messages. */
    static final String PATH = "lb.plugins." + MaintenanceWindowPlugin.ID;

    /** {@code enabled} belongs to the runtime; every other key of the subtree is ours. */
    private static final Set<String> KNOWN_KEYS =
            Set.of("enabled", "targets", "window.start", "window.end", "window.zone");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** Copies the set. */
    public MaintenanceSettings {
        targets = Set.copyOf(targets);
    }

    /**
     * Reads and validates the plugin's config subtree.
     *
     * @param config {@code lb.plugins.maintenance-window} over the plugin's reference.conf
     * @return the settings
     * @throws FatalStartException listing every problem as {@code FILE:LINE: message}; running without a
     *     maintenance window the operator asked for would send traffic to targets under maintenance
     */
    public static MaintenanceSettings from(Config config) throws FatalStartException {
        List<ConfigProblem> problems = new ArrayList<>();
        config.entrySet().stream()
                .filter(entry -> !KNOWN_KEYS.contains(entry.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> problems.add(ConfigProblem.at(entry.getValue().origin(), "unknown key " + PATH + "."
                        + entry.getKey() + " (known: targets, window.start, window.end, window.zone)")));
        Set<Endpoint> targets = targets(config, problems);
        LocalTime start = time(config, "window.start", problems);
        LocalTime end = time(config, "window.end", problems);
        ZoneId zone = zone(config, problems);
        if (start != null && start.equals(end)) {
            problems.add(ConfigProblem.at(config.getValue("window.end").origin(),
                    PATH + ".window: start and end are both " + start + "; a window must have a length"));
        }
        if (!problems.isEmpty()) {
            throw new FatalStartException(String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
        }
        return new MaintenanceSettings(targets, new MaintenanceWindow(start, end, zone));
    }

    private static Set<Endpoint> targets(Config config, List<ConfigProblem> problems) {
        Set<Endpoint> targets = new LinkedHashSet<>();
        List<? extends ConfigValue> values;
        try {
            values = config.getList("targets");
        } catch (ConfigException e) {
            problems.add(problem(e, PATH + ".targets must be a list of \"ip:port\" strings"));
            return targets;
        }
        for (ConfigValue value : values) {
            if (value.valueType() != ConfigValueType.STRING) {
                problems.add(ConfigProblem.at(value.origin(), PATH + ".targets: expected \"ip:port\", got "
                        + value.render()));
                continue;
            }
            try {
                targets.add(Endpoint.parse((String) value.unwrapped()));
            } catch (IllegalArgumentException e) {
                problems.add(ConfigProblem.at(value.origin(), PATH + ".targets: " + e.getMessage()));
            }
        }
        return targets;
    }

    private static LocalTime time(Config config, String key, List<ConfigProblem> problems) {
        try {
            return LocalTime.parse(config.getString(key), TIME);
        } catch (ConfigException e) {
            problems.add(problem(e, PATH + "." + key + " must be a time of day \"HH:MM\""));
        } catch (DateTimeParseException e) {
            problems.add(ConfigProblem.at(config.getValue(key).origin(), PATH + "." + key + ": '"
                    + e.getParsedString() + "' is not a time of day \"HH:MM\" (00:00 to 23:59)"));
        }
        return null;
    }

    private static ZoneId zone(Config config, List<ConfigProblem> problems) {
        try {
            return ZoneId.of(config.getString("window.zone"));
        } catch (ConfigException e) {
            problems.add(problem(e, PATH + ".window.zone must be a zone id such as \"UTC\" or \"Europe/Berlin\""));
        } catch (DateTimeException e) {
            problems.add(ConfigProblem.at(config.getValue("window.zone").origin(), PATH + ".window.zone: "
                    + e.getMessage() + " (use an id such as \"UTC\" or \"Europe/Berlin\")"));
        }
        return null;
    }

    private static ConfigProblem problem(ConfigException e, String message) {
        ConfigOrigin origin = e.origin();
        return origin != null ? ConfigProblem.at(origin, message) : new ConfigProblem(PATH, -1, message);
    }
}
