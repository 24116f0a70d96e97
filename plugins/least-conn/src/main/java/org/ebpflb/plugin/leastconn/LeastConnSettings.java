package org.ebpflb.plugin.leastconn;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.settings.Settings;

/**
 * The plugin-wide settings, {@code lb.plugins.least-conn}; defaults and meaning in the plugin's reference.conf.
 *
 * @param interval how often factors are recomputed
 * @param minChange a target's factor moves only when the new one differs by more than this
 * @param minFactor the lowest factor, so a busy target never drops out
 * @param services the services shaped; {@code *} for all
 */
record LeastConnSettings(Duration interval, double minChange, double minFactor, Set<String> services) {
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
     * @param config {@code lb.plugins.least-conn} over the reference.conf
     * @return the reader with every problem found, and the settings when there were none
     */
    static Read read(Config config) {
        Settings s = Settings.of(config, "lb.plugins.least-conn");
        Duration interval = s.duration("interval");
        double minChange = s.number("min-change", 0, 1);
        int beforeFactor = s.problems().size();
        double minFactor = s.number("min-factor", 0, 1);
        if (s.problems().size() == beforeFactor && minFactor == 0) {
            s.problem("min-factor", s.name("min-factor") + " must be above 0: least-conn never takes a target out");
        }
        List<String> services = s.list("services", Settings::string);
        return new Read(s, s.ok() ? Optional.of(new LeastConnSettings(interval, minChange, minFactor,
                Set.copyOf(services))) : Optional.empty());
    }

    /**
     * @param reader what was read, with its problems
     * @param settings the settings, when there were no problems
     */
    record Read(Settings reader, Optional<LeastConnSettings> settings) {
    }
}
