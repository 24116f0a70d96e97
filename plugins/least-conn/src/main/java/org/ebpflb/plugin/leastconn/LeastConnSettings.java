package org.ebpflb.plugin.leastconn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin-wide settings, {@code lb.plugins.least-conn}; defaults and meaning in the plugin's reference.conf.
 *
 * @param interval how often factors are recomputed
 * @param minChange a target's factor moves only when the new one differs by more than this
 * @param minFactor the lowest factor, so a busy target never drops out
 * @param services the services shaped; {@code *} for all
 */
record LeastConnSettings(Duration interval, double minChange, double minFactor, Set<String> services) {
    private static final String WHERE = "lb.plugins.least-conn.";
    private static final String ALL = "*";

    /** Copies the set. */
    LeastConnSettings {
        services = Set.copyOf(services);
    }

    /**
     * @param service a service name
     * @return whether this plugin shapes it
     */
    boolean shapes(String service) {
        return services.contains(ALL) || services.contains(service);
    }

    /**
     * @param settings {@code lb.plugins.least-conn} over the reference.conf
     * @param problems where problems go, each at its line
     * @return the settings, empty when a value is invalid
     */
    static Optional<LeastConnSettings> read(Config settings, List<ConfigProblem> problems) {
        List<ConfigProblem> found = new ArrayList<>();
        Duration interval = null;
        try {
            interval = settings.getDuration("interval");
            if (interval.isNegative() || interval.isZero()) {
                found.add(ConfigProblem.at(settings.getValue("interval").origin(), WHERE + "interval must be "
                        + "longer than 0s"));
            }
        } catch (ConfigException e) {
            found.add(ConfigProblem.at(origin(settings, e), WHERE + "interval must be a duration such as 1s"));
        }
        double minChange = fraction(settings, "min-change", found);
        double minFactor = fraction(settings, "min-factor", found);
        if (minFactor == 0) {
            found.add(ConfigProblem.at(settings.getValue("min-factor").origin(), WHERE + "min-factor must be above "
                    + "0: least-conn never takes a target out"));
        }
        List<String> services = List.of();
        try {
            services = settings.getStringList("services");
        } catch (ConfigException e) {
            found.add(ConfigProblem.at(origin(settings, e), WHERE + "services must be a list of service names, "
                    + "or [\"*\"] for every service"));
        }
        problems.addAll(found);
        return found.isEmpty() ? Optional.of(new LeastConnSettings(interval, minChange, minFactor,
                Set.copyOf(services))) : Optional.empty();
    }

    private static double fraction(Config settings, String key, List<ConfigProblem> problems) {
        try {
            double v = settings.getDouble(key);
            if (v >= 0 && v <= 1) {
                return v;
            }
            problems.add(ConfigProblem.at(settings.getValue(key).origin(), WHERE + key + " must be between 0 and 1, "
                    + "got " + v));
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(settings, e), WHERE + key + " must be a number between 0 and 1"));
        }
        return -1;
    }

    private static ConfigOrigin origin(Config c, ConfigException e) {
        return e.origin() != null ? e.origin() : c.origin();
    }
}
