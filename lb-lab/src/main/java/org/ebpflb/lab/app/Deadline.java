package org.ebpflb.lab.app;

import java.time.Duration;

/**
 * A point in time that bounds a client run.
 *
 * @param nanoTime the {@link System#nanoTime()} value at which it passes
 */
record Deadline(long nanoTime) {
    static Deadline in(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    boolean passed() {
        return System.nanoTime() - nanoTime >= 0;
    }

    /** @return time left, at least 1 ms so it can be used as a timeout, at most {@code cap} */
    Duration remaining(Duration cap) {
        long left = nanoTime - System.nanoTime();
        return Duration.ofNanos(Math.max(1_000_000L, Math.min(left, cap.toNanos())));
    }
}
