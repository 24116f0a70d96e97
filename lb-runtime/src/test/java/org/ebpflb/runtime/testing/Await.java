package org.ebpflb.runtime.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, bounded in time, for something another thread does. */
public final class Await {
    private Await() {
    }

    /**
     * @param what described in the failure
     * @param condition polled every 5 ms
     * @param limit how long to wait at most
     * @throws AssertionError when the limit passes first
     */
    public static void until(String what, BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
