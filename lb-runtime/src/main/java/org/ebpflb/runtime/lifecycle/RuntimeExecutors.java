package org.ebpflb.runtime.lifecycle;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executors the runtime lends plugins: one small scheduler for short periodic tasks and a virtual-thread
 * executor for blocking work such as probes and modifier calls.
 */
final class RuntimeExecutors implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("lb-scheduler-", 0).daemon(true).factory());
    private final ExecutorService virtual = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lb-virtual-", 0).factory());

    /** @return the shared scheduler */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return the virtual-thread executor */
    ExecutorService virtual() {
        return virtual;
    }

    /** Cancels scheduled work and interrupts running tasks, waiting a little for them to end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        virtual.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            virtual.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
