package org.ebpflb.plugin.dnsregistration;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Runs the rounds: each wait is drawn from 0.75 .. 1.25 of the check interval, so nodes started together drift apart
 * instead of updating the name in lockstep. {@link #now()} runs a round at once (a change of this node's health) and
 * restarts the wait after it. The scheduler only times; rounds run on the executor, since they block on the network.
 */
final class RoundLoop implements AutoCloseable {
    private final Runnable round;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService executor;
    private final RandomGenerator random;
    private ScheduledFuture<?> next;
    private boolean closed;

    /**
     * @param round one round
     * @param interval the mean wait
     * @param scheduler times the waits
     * @param executor runs the rounds
     * @param random draws the waits
     */
    RoundLoop(Runnable round, Duration interval, ScheduledExecutorService scheduler, ExecutorService executor,
              RandomGenerator random) {
        this.round = round;
        this.interval = interval;
        this.scheduler = scheduler;
        this.executor = executor;
        this.random = random;
    }

    /** Runs a round as soon as possible, then keeps going. */
    synchronized void now() {
        schedule(0);
    }

    /**
     * @param random a draw in [0, 1)
     * @param interval the mean wait
     * @return the wait: 0.75 .. 1.25 of the interval
     */
    static long jittered(double random, Duration interval) {
        return (long) (interval.toMillis() * (0.75 + random / 2));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private synchronized void schedule(long delayMillis) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = scheduler.schedule(() -> executor.execute(this::runAndReschedule), delayMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closed = true; // the runtime is shutting down
        }
    }

    private void runAndReschedule() {
        try {
            round.run();
        } finally {
            schedule(jittered(random.nextDouble(), interval));
        }
    }
}
