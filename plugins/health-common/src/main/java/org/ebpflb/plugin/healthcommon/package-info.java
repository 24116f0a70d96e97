/**
 * The health-check library's public API, for the health-tcp and health-http plugins and for third-party probe
 * types (grpc, redis, ...): extend {@link org.ebpflb.plugin.healthcommon.HealthCheckPlugin} with one or more
 * {@link org.ebpflb.plugin.healthcommon.ProbeType}s, each binding a {@link org.ebpflb.plugin.healthcommon.Probe}.
 *
 * <p>Semantics shared by every type: each target's effective {@code health-check} is its own block over the
 * service's over {@code lb.plugins.<id>.defaults}, field by field. A target starts healthy unless
 * {@code initial-state = unhealthy}; {@code unhealthy-threshold} consecutive failures make it unhealthy (factor 0),
 * {@code healthy-threshold} consecutive successes make it healthy again, and a recovered target gets 25%, 50%, then
 * 75% of its weight, a third of {@code slow-start} each, and full weight once {@code slow-start} has passed (default
 * 4 intervals, 0s disables; never for a target that has not been healthy yet, such as one starting unhealthy).
 *
 * <p>Probes start every {@code interval} stretched by a random {@code +-jitter} (with jitter, a target's first probe
 * comes at a random point of its first interval), run on virtual threads with a timeout, and never overlap for one
 * target.
 *
 * <p>Who may depend on this module: health-check plugins, which ship their own copy of it in their plugin
 * directory. It depends on lb-api and slf4j only; the runtime never depends on it.
 */
package org.ebpflb.plugin.healthcommon;
