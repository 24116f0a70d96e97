package org.ebpflb.plugin.circuitbreaker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Outcomes of the last {@code window}, one bucket per check. */
final class SlidingWindow {
    private record Bucket(Instant at, Outcomes outcomes) {
    }

    private final Deque<Bucket> buckets = new ArrayDeque<>();

    /**
     * @param at when the outcomes were read
     * @param outcomes what was seen since the previous check
     */
    void add(Instant at, Outcomes outcomes) {
        buckets.addLast(new Bucket(at, outcomes));
    }

    /**
     * @param now the current time
     * @param window how far back to look
     * @return the sum of the buckets younger than {@code window}; older ones are dropped
     */
    Outcomes sum(Instant now, Duration window) {
        Instant from = now.minus(window);
        while (!buckets.isEmpty() && !buckets.peekFirst().at().isAfter(from)) {
            buckets.removeFirst();
        }
        Outcomes total = Outcomes.NONE;
        for (Bucket b : buckets) {
            total = total.plus(b.outcomes());
        }
        return total;
    }

    /** Forgets everything: a circuit that opens or closes starts counting afresh. */
    void clear() {
        buckets.clear();
    }
}
