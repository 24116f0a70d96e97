package org.ebpflb.plugin.drain;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.event.WeightsApplied;

/**
 * Tells a drain request when the data plane holds tables without its target, from the reconciler's
 * {@link WeightsApplied} events, so {@code lb drain} returns once no new connection can reach the target.
 */
final class TablesWatch {
    private final Map<DrainBook.Key, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /**
     * Call before the drain starts, so the event cannot pass unseen.
     *
     * @param key the drained target
     * @return completed when tables with weight 0 for it are applied
     */
    CompletableFuture<Void> expect(DrainBook.Key key) {
        return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** @param key a target no longer waited for */
    void forget(DrainBook.Key key) {
        waiting.remove(key);
    }

    /** @param applied new tables of one group */
    void applied(WeightsApplied applied) {
        waiting.forEach((key, future) -> {
            Double weight = applied.effectiveWeights().get(key.target());
            if (key.service().equals(applied.service()) && weight != null && weight == 0) {
                waiting.remove(key, future);
                future.complete(null);
            }
        });
    }
}
