package org.ebpflb.plugin.circuitbreaker;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.settings.Settings;

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
record BreakerSettings(double errorThresholdPct, int minRequests, Duration window, Duration openDuration,
                       double halfOpenFactor, int successThreshold, double maxEjectionPct) {
    /** The service key holding the block. */
    static final String KEY = "circuit-breaker";
    /** The keys of a block. */
    static final Set<String> KEYS = Set.of("error-threshold-pct", "min-requests", "window", "open-duration",
            "half-open-factor", "success-threshold", "max-ejection-pct");

    /**
     * @param block a block over the defaults; its problems are recorded on it
     * @return the settings, empty when a value is invalid
     */
    static Optional<BreakerSettings> read(Settings block) {
        int before = block.problems().size();
        block.rejectUnknownKeys(KEYS);
        double pct = block.number("error-threshold-pct", 0, 100);
        int min = block.integer("min-requests", 1, Integer.MAX_VALUE);
        Duration window = block.duration("window");
        Duration open = block.duration("open-duration");
        int beforeHalf = block.problems().size();
        double half = block.number("half-open-factor", 0, 1);
        if (block.problems().size() == beforeHalf && half == 0) {
            block.problem("half-open-factor", block.name("half-open-factor") + " must be above 0, or a half-open "
                    + "circuit could never see a success");
        }
        int successes = block.integer("success-threshold", 1, Integer.MAX_VALUE);
        double ejection = block.number("max-ejection-pct", 0, 100);
        if (block.problems().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new BreakerSettings(pct, min, window, open, half, successes, ejection));
    }

    /**
     * @param groupSize targets in a group
     * @return how many of them may be not closed at once: {@code max-ejection-pct} of them, at least one
     */
    int maxEjected(int groupSize) {
        return Math.max(1, (int) Math.floor(groupSize * maxEjectionPct / 100.0 + 1e-9));
    }
}
