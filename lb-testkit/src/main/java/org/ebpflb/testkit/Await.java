package org.ebpflb.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, bounded in time, for something another thread (or process) does: the one wait of ebpf-lb's tests. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(5);

    private Await() {
    }

    /**
     * @param what described in the failure
     * @param condition polled every 5 ms
     * @param limit how long to wait at most
     * @return how long it took
     * @throws AssertionError when the limit passes first, or the waiting thread is interrupted
     */
    public static Duration until(String what, BooleanSupplier condition, Duration limit) {
        return until(what, condition, limit, POLL);
    }

    /**
     * @param what described in the failure
     * @param condition polled every {@code every}; use a longer pause when asking is expensive (a command)
     * @param limit how long to wait at most
     * @param every the pause between polls
     * @return how long it took
     * @throws AssertionError when the limit passes first, or the waiting thread is interrupted
     */
    public static Duration until(String what, BooleanSupplier condition, Duration limit, Duration every) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
