package org.ebpflb.plugin.healthcommon;

import java.time.Instant;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;

/**
 * A snapshot of one checked target.
 *
 * @param service the service name
 * @param target the backend
 * @param type the probe type
 * @param healthy whether it passed its thresholds
 * @param state "healthy", "unhealthy" or "slow-start" (healthy, ramping up)
 * @param consecutiveSuccesses passes in a row
 * @param consecutiveFailures failures in a row
 * @param lastResult the latest probe's result, empty before the first
 * @param lastChange when it last became healthy or unhealthy (when tracking began, if never)
 * @param weightFactor what the weight pipeline gets: 0, 0.25, 0.5, 0.75 or 1
 * @param reason the factor's explanation
 * @param probing whether a probe is in flight (it may have been failed for its timeout and still be returning)
 * @param probes probes completed (timeouts included)
 * @param skipped probe starts skipped because the previous probe was still running
 */
public record TargetHealth(String service, Endpoint target, String type, boolean healthy, String state,
                           int consecutiveSuccesses, int consecutiveFailures, Optional<ProbeResult> lastResult,
                           Instant lastChange, double weightFactor, String reason, boolean probing,
                           long probes, long skipped) {
}
