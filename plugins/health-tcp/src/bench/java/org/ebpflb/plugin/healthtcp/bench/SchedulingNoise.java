package org.ebpflb.plugin.healthtcp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's scheduling noise during the window, measured beside the probes so interval errors can be read against
 * it: how late a platform thread and a virtual thread wake from a 10 ms timed park (the first is the kernel's run
 * queue, the second adds the virtual-thread carriers that the probes keep busy), and the kernel's CPU pressure (PSI
 * "some": the share of time at least one runnable task on the machine waited for a CPU; other processes included).
 */
final class SchedulingNoise implements AutoCloseable {
    private static final long PERIOD_NANOS = Duration.ofMillis(10).toNanos();
    private static final Path PRESSURE = Path.of("/proc/pressure/cpu");

    /** Wake-up lateness of a platform thread. */
    final Histogram platform = new Histogram(Duration.ofNanos(10_000), Duration.ofSeconds(1));
    /** Wake-up lateness of a virtual thread. */
    final Histogram virtual = new Histogram(Duration.ofNanos(10_000), Duration.ofSeconds(1));

    private final AtomicLong platformSecondMax = new AtomicLong();
    private final AtomicLong virtualSecondMax = new AtomicLong();
    private final Thread platformSleeper;
    private final Thread virtualSleeper;
    private volatile boolean open;
    private volatile boolean stopped;
    private long pressureStart;
    private long wallStart;

    /** Starts both sleepers; they record only while the window is open. */
    SchedulingNoise() {
        platformSleeper = Thread.ofPlatform().daemon().name("noise-platform").start(() -> sleepLoop(platform, platformSecondMax));
        virtualSleeper = Thread.ofVirtual().name("noise-virtual").start(() -> sleepLoop(virtual, virtualSecondMax));
    }

    /** Starts recording. */
    void openWindow() {
        pressureStart = pressureMicros();
        wallStart = System.nanoTime();
        open = true;
    }

    /** @return the share of the window's wall time with CPU pressure ("some"), or -1 where PSI is off */
    double closeWindow() {
        open = false;
        long pressure = pressureMicros();
        if (pressure < 0 || pressureStart < 0) {
            return -1;
        }
        return (pressure - pressureStart) * 1_000.0 / (System.nanoTime() - wallStart);
    }

    @Override
    public void close() {
        stopped = true;
        platformSleeper.interrupt();
        virtualSleeper.interrupt();
    }

    /** @return the platform thread's worst lateness since the last call, nanoseconds */
    long platformWorstSinceLastCall() {
        return platformSecondMax.getAndSet(0);
    }

    /** @return the virtual thread's worst lateness since the last call, nanoseconds */
    long virtualWorstSinceLastCall() {
        return virtualSecondMax.getAndSet(0);
    }

    private void sleepLoop(Histogram lateness, AtomicLong worst) {
        long next = System.nanoTime() + PERIOD_NANOS;
        while (!stopped) {
            long wait;
            while ((wait = next - System.nanoTime()) > 0 && !stopped) {
                LockSupport.parkNanos(wait);
            }
            if (open) {
                long late = System.nanoTime() - next;
                lateness.record(late);
                worst.accumulateAndGet(late, Math::max);
            }
            next += PERIOD_NANOS;
            long now = System.nanoTime();
            if (next < now) {
                next = now + PERIOD_NANOS; // a long stall counts once, not as a burst of late wake-ups
            }
        }
    }

    /** @return the "some" total of /proc/pressure/cpu in microseconds, -1 when the kernel has no PSI */
    private static long pressureMicros() {
        if (!Files.isReadable(PRESSURE)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(PRESSURE, StandardCharsets.US_ASCII)) {
                if (line.startsWith("some ")) {
                    return Long.parseLong(line.substring(line.indexOf("total=") + "total=".length()).strip());
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
