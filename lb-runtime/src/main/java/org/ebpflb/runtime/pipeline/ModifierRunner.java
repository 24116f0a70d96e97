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
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.registry.Registered;

/**
 * Asks one modifier for its factors for one group's targets on a virtual thread, bounded by a timeout. A target
 * whose call throws, and every target of a call that times out, gets factor 1 with reason {@code error: ...}; one bad
 * plugin never stops the pipeline. A call that timed out and is still running is not started again, so a hung
 * modifier holds at most one thread.
 */
public final class ModifierRunner {
    /** The default time one modifier may take for one group. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    private final ExecutorService executor;
    private final Duration timeout;
    private final ModifierErrors errors;
    /** Per modifier, whether its last timed-out call is still running (cancelling does not stop a plugin's code). */
    private final Map<Registered<WeightModifier>, AtomicBoolean> hung = new ConcurrentHashMap<>();

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
        AtomicBoolean previous = hung.get(modifier);
        if (previous != null && previous.get()) {
            return allFailed(modifier, name, targets, "error: a call that timed out is still running");
        }
        hung.remove(modifier);
        AtomicBoolean running = new AtomicBoolean(true);
        Future<List<FactorTrace>> call = executor.submit(() -> {
            try {
                return callEach(modifier, name, targets);
            } finally {
                running.set(false);
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
            call.cancel(true);
            hung.put(modifier, running);
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
