package org.ebpflb.plugin.healthcommon;

import java.time.Duration;
import java.util.Objects;

/**
 * What one probe found.
 *
 * @param success whether the target passed
 * @param latency how long the probe took
 * @param reason a short operator-facing result, e.g. "HTTP 200", "connect refused"
 */
public record ProbeResult(boolean success, Duration latency, String reason) {
    /** Rejects nulls and negative latencies. */
    public ProbeResult {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(reason, "reason");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
    }

    /**
     * @param latency how long it took
     * @param reason e.g. "connected"
     * @return a passing result
     */
    public static ProbeResult success(Duration latency, String reason) {
        return new ProbeResult(true, latency, reason);
    }

    /**
     * @param latency how long it took until it failed
     * @param reason e.g. "connect refused"
     * @return a failing result
     */
    public static ProbeResult failure(Duration latency, String reason) {
        return new ProbeResult(false, latency, reason);
    }
}
