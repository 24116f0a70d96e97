package org.ebpflb.runtime.reconcile;

import java.time.Instant;
import java.util.Optional;

/**
 * How the reconciler is doing, for {@code lb status}.
 *
 * @param rounds rounds run so far
 * @param lastRound when the last round finished, if any
 * @param applies data-plane writes (one per changed service)
 * @param lastError the last data-plane write that failed, if the most recent attempt failed
 */
public record ReconcileStatus(long rounds, Optional<Instant> lastRound, long applies, Optional<String> lastError) {
}
