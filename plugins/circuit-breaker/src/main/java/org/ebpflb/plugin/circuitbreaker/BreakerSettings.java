package org.ebpflb.plugin.circuitbreaker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * One service's breaker, its {@code circuit-breaker} block over {@code lb.plugins.circuit-breaker.defaults}.
 *
 * @param errorThresholdPct opens when the window's error rate exceeds this percentage
 * @param minRequests ... with at least this many attempts in the window
 * @param window how far back errors count
 * @param openDuration how long an open circuit stays open before it goes half-open
 * @param halfOpenFactor the weight factor of a half-open circuit
 * @param successThreshold consecutive successes that close a half-open circuit
 * @param maxEjectionPct at most this percentage of a group's targets are not closed (at least one may be)
 */
record BreakerSettings(double errorThresholdPct, long minRequests, Duration window, Duration openDuration,
                       double halfOpenFactor, long successThreshold, double maxEjectionPct) {
    /** The service key holding the block. */
    static final String KEY = "circuit-breaker";
    static final Set<String> KEYS = Set.of("error-threshold-pct", "min-requests", "window", "open-duration",
            "half-open-factor", "success-threshold", "max-ejection-pct");

    /**
     * @param block a service's block (empty when the service sets none) over the plugin's defaults
     * @param where the key path for messages, e.g. {@code circuit-breaker} or
     *     {@code lb.plugins.circuit-breaker.defaults}
     * @param problems where problems go, each at its line
     * @return the settings, empty when a value is invalid
     */
    static Optional<BreakerSettings> read(Config block, String where, List<ConfigProblem> problems) {
        List<ConfigProblem> found = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(block.root().keySet());
        unknown.removeAll(KEYS);
        for (String key : unknown) {
            found.add(ConfigProblem.at(block.getValue(key).origin(), where + ": unknown key '" + key + "'; known: "
                    + new TreeSet<>(KEYS)));
        }
        Number pct = number(block, "error-threshold-pct", where, 0, 100, found);
        Number min = number(block, "min-requests", where, 1, Long.MAX_VALUE, found);
        Duration window = duration(block, "window", where, found);
        Duration open = duration(block, "open-duration", where, found);
        Number half = number(block, "half-open-factor", where, 0, 1, found);
        Number successes = number(block, "success-threshold", where, 1, Long.MAX_VALUE, found);
        Number ejection = number(block, "max-ejection-pct", where, 0, 100, found);
        if (half != null && half.doubleValue() == 0) {
            found.add(ConfigProblem.at(block.getValue("half-open-factor").origin(), where
                    + ".half-open-factor must be above 0, or a half-open circuit could never see a success"));
        }
        problems.addAll(found);
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BreakerSettings(pct.doubleValue(), min.longValue(), window, open, half.doubleValue(),
                successes.longValue(), ejection.doubleValue()));
    }

    /**
     * @param groupSize targets in a group
     * @return how many of them may be not closed at once: {@code max-ejection-pct} of them, at least one
     */
    int maxEjected(int groupSize) {
        return Math.max(1, (int) Math.floor(groupSize * maxEjectionPct / 100.0 + 1e-9));
    }

    private static Number number(Config c, String key, String where, double low, double high,
                                 List<ConfigProblem> problems) {
        try {
            Number n = c.getNumber(key);
            boolean integral = low >= 1;
            if (integral && n.doubleValue() != Math.rint(n.doubleValue())) {
                problems.add(ConfigProblem.at(c.getValue(key).origin(), where + "." + key + " must be a whole number"
                        + ", got " + n));
                return null;
            }
            if (n.doubleValue() < low || n.doubleValue() > high) {
                problems.add(ConfigProblem.at(c.getValue(key).origin(), where + "." + key + " must be "
                        + (high == Long.MAX_VALUE ? "at least " + fmt(low) : "between " + fmt(low) + " and "
                        + fmt(high)) + ", got " + n));
                return null;
            }
            return n;
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(c, key, e), where + "." + key + " must be a number"));
            return null;
        }
    }

    private static Duration duration(Config c, String key, String where, List<ConfigProblem> problems) {
        try {
            Duration d = c.getDuration(key);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
            problems.add(ConfigProblem.at(c.getValue(key).origin(), where + "." + key + " must be longer than 0s"));
        } catch (ConfigException e) {
            problems.add(ConfigProblem.at(origin(c, key, e), where + "." + key + " must be a duration such as 10s"));
        }
        return null;
    }

    private static ConfigOrigin origin(Config c, String key, ConfigException e) {
        return e.origin() != null ? e.origin() : c.origin();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
