package org.ebpflb.plugin.dns;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, bounded in time. */
final class Poll {
    private Poll() {
    }

    /**
     * @param limit how long to wait at most
     * @param what the condition in words, for the failure message
     * @param condition what to wait for
     * @return how long it took
     * @throws AssertionError when the condition did not hold within the limit
     */
    static Duration until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
