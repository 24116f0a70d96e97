package org.ebpflb.runtime.config;

import java.util.Optional;

/**
 * Rules for Maglev table sizes. The permutation that fills a table only visits every slot when the size is prime;
 * shares stay within about 1% of the weights when the table has at least 100 slots per target.
 */
final class TableSizes {
    private TableSizes() {
    }

    /** The smallest accepted size. */
    static final int MIN = 7;
    /** Slots per target below which shares drift visibly from weights. */
    static final int SLOTS_PER_TARGET = 100;

    /**
     * @param size a table size of at least {@link #MIN}
     * @return why it is refused, if it is
     */
    static Optional<String> problem(long size) {
        if (isPrime(size)) {
            return Optional.empty();
        }
        long below = size - 1;
        while (!isPrime(below)) {
            below--;
        }
        long above = size + 1;
        while (!isPrime(above)) {
            above++;
        }
        return Optional.of("table-size " + size + " is not a prime (the nearest are " + below + " and " + above + ")");
    }

    /**
     * @param size a valid table size
     * @param targets the largest number of targets in one of the service's groups
     * @return an error when the table cannot hold every target
     */
    static Optional<String> tooSmall(long size, int targets) {
        return size < targets
                ? Optional.of("table-size " + size + " is smaller than the " + targets + " targets of one group")
                : Optional.empty();
    }

    /**
     * @param size a valid table size
     * @param targets the largest number of targets in one of the service's groups
     * @return a warning when shares may drift from the weights by more than about 1%
     */
    static Optional<String> warning(long size, int targets) {
        return size < (long) SLOTS_PER_TARGET * targets
                ? Optional.of("table-size " + size + " is below " + SLOTS_PER_TARGET + " slots per target for "
                        + targets + " targets; traffic shares may differ from the weights by more than 1%")
                : Optional.empty();
    }

    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
