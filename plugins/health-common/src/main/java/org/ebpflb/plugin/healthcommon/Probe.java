package org.ebpflb.plugin.healthcommon;

import org.ebpflb.api.model.Endpoint;

/**
 * Checks one target once. Runs on a virtual thread, so blocking I/O is fine; it must give up by
 * {@link HealthCheckSettings#timeout()} and answer a failing {@link ProbeResult} rather than throw for anything the
 * target did. The scheduler also enforces the timeout: a probe still running past it is counted as failed and
 * interrupted, and the target is not probed again until the probe returns.
 */
@FunctionalInterface
public interface Probe {
    /**
     * Called concurrently for different targets that share the bound probe, so implementations keep no per-call
     * state in fields.
     *
     * @param target the address and port to check
     * @param settings the target's effective settings
     * @return the result
     * @throws InterruptedException when the scheduler cancelled the probe (target removed, timeout, shutdown)
     */
    ProbeResult probe(Endpoint target, HealthCheckSettings settings) throws InterruptedException;
}
