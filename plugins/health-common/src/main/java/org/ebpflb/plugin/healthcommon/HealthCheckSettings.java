package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * A target's effective {@code health-check}: its own block over the service's, over the plugin's
 * {@code lb.plugins.<id>.defaults}, field by field.
 *
 * @param type the probe type, e.g. tcp, http
 * @param interval time between probe starts, before jitter
 * @param timeout how long a probe may take; shorter than {@code interval}
 * @param healthyThreshold consecutive successes that make an unhealthy target healthy
 * @param unhealthyThreshold consecutive failures that make a healthy target unhealthy
 * @param initialState the state before the first verdict
 * @param slowStart how long a recovered target takes to ramp from 25% to 100% of its weight; zero disables
 * @param jitter each interval is stretched or shrunk by a random fraction in {@code [-jitter, +jitter]}
 * @param block the merged block, for type-specific keys such as {@code path}
 */
public record HealthCheckSettings(String type, Duration interval, Duration timeout, int healthyThreshold,
                                  int unhealthyThreshold, InitialState initialState, Duration slowStart,
                                  double jitter, Config block) {
}
