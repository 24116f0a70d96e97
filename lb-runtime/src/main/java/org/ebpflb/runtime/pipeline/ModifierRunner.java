package org.ebpflb.runtime.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.registry.Registered;

/**
 * Asks one modifier for its factors for one group's targets on a virtual thread, bounded by a timeout. A target
 * whose call throws, and every target of a call that times out, gets factor 1 with reason {@code error: ...}; one bad
 * plugin never stops the pipeline. A call that timed out and is still running is not started again, so a hung
 * modifier holds at most one thread; a call that timed out before the executor even started it (a starved machine)
 * never runs, and the next round calls the modifier again.
 */
public final class ModifierRunner {
    /** The default time one modifier may take for one group. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    private final ExecutorService executor;
    private final Duration timeout;
    private final ModifierErrors errors;
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int FINISHED = 2;

    /** Per modifier, the state of its last timed-out call, while it runs (cancelling does not stop a plugin's code). */
    private final Map<Registered<WeightModifier>, AtomicInteger> hung = new ConcurrentHashMap<>();

    /**
     * @param executor a virtual-thread executor
     * @param timeout how long one modifier may take for one group
     * @param errors where failures are counted and logged
     */
    public ModifierRunner(ExecutorService executor, Duration timeout, ModifierErrors errors) {
        this.executor = executor;
        this.timeout = timeout;
        this.errors = errors;
    }

    /**
     * @param pipelineModifier the modifier
     * @param targets one group's targets
     * @return one factor per target, in the targets' order
     */
    List<FactorTrace> factors(PipelineModifier pipelineModifier, List<Target> targets) {
        Registered<WeightModifier> modifier = pipelineModifier.registered();
        String name = pipelineModifier.name();
        AtomicInteger previous = hung.get(modifier);
        if (previous != null && previous.get() == RUNNING) {
            return allFailed(modifier, name, targets, "error: a call that timed out is still running");
        }
        hung.remove(modifier);
        AtomicInteger state = new AtomicInteger(QUEUED);
        Future<List<FactorTrace>> call = executor.submit(() -> {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return List.of(); // timed out before it started: abandoned, nobody reads this
            }
            try {
                return callEach(modifier, name, targets);
            } finally {
                state.set(FINISHED);
            }
        });
        try {
            List<FactorTrace> factors = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            long failures = factors.stream().filter(FactorTrace::failed).count();
            if (failures == 0) {
                errors.succeeded(modifier, name);
            } else {
                errors.failed(modifier, name, (int) failures, factors.stream().filter(FactorTrace::failed)
                        .findFirst().map(FactorTrace::reason).orElse("error"));
            }
            return factors;
        } catch (TimeoutException e) {
            // a call still queued is abandoned here and never runs; only one that started can hang
            if (!state.compareAndSet(QUEUED, FINISHED)) {
                hung.put(modifier, state);
            }
            call.cancel(true);
            return allFailed(modifier, name, targets, "error: timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return allFailed(modifier, name, targets, "error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return allFailed(modifier, name, targets, "error: interrupted");
        }
    }

    private static List<FactorTrace> callEach(Registered<WeightModifier> modifier, String name,
                                              List<Target> targets) {
        List<FactorTrace> out = new ArrayList<>(targets.size());
        for (Target target : targets) {
            try {
                WeightFactor f = modifier.item().factor(target);
                out.add(f == null ? failed(modifier, name, "error: returned no factor")
                        : new FactorTrace(name, modifier.pluginId(), f.value(), f.kind(), f.reason(), false));
            } catch (RuntimeException e) {
                out.add(failed(modifier, name, "error: " + e));
            }
        }
        return out;
    }

    private List<FactorTrace> allFailed(Registered<WeightModifier> modifier, String name, List<Target> targets,
                                        String reason) {
        if (!targets.isEmpty()) {
            errors.failed(modifier, name, targets.size(), reason);
        }
        return Collections.nCopies(targets.size(), failed(modifier, name, reason));
    }

    private static FactorTrace failed(Registered<WeightModifier> modifier, String name, String reason) {
        return new FactorTrace(name, modifier.pluginId(), 1.0, FactorKind.LOAD, reason, true);
    }
}
