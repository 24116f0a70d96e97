package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TableSizesTest {
    private static boolean prime(long n) {
        return BigInteger.valueOf(n).isProbablePrime(50);
    }

    @Test
    void primalityAgreesWithBigInteger() {
        LongStream.rangeClosed(0, 20_000).forEach(n -> assertEquals(prime(n), TableSizes.isPrime(n), "n=" + n));
    }

    @Test
    void aRefusedSizeNamesTheNearestPrimesOnEitherSide() {
        for (long size : new long[] {8, 100, 16384, 65536, 1_000_000}) {
            String message = TableSizes.problem(size).orElseThrow();
            Matcher m = Pattern.compile("the nearest are (\\d+) and (\\d+)").matcher(message);
            assertTrue(m.find(), message);
            long below = Long.parseLong(m.group(1));
            long above = Long.parseLong(m.group(2));
            assertTrue(prime(below) && prime(above) && below < size && size < above, message);
            assertTrue(LongStream.range(below + 1, above).noneMatch(TableSizesTest::prime), message);
        }
        assertEquals(Optional.empty(), TableSizes.problem(16381));
    }

    @Test
    void warnsBelowOneHundredSlotsPerTarget() {
        long size = 16381;
        int most = (int) (size / TableSizes.SLOTS_PER_TARGET);
        assertEquals(Optional.empty(), TableSizes.warning(size, most));
        assertEquals(Optional.of("table-size 16381 is below 100 slots per target for " + (most + 1)
                + " targets; traffic shares may differ from the weights by more than 1%"),
                TableSizes.warning(size, most + 1));
    }

    @Test
    void aTableMustHoldEveryTarget() {
        assertEquals(Optional.empty(), TableSizes.tooSmall(7, 7));
        assertEquals(Optional.of("table-size 7 is smaller than the 8 targets of one group"), TableSizes.tooSmall(7, 8));
    }
}
