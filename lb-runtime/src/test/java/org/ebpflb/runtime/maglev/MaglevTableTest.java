package org.ebpflb.runtime.maglev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;

/** Property tests over many random weight sets, each drawn from a fixed seed so a failure reproduces. */
class MaglevTableTest {
    private static final int ROUNDS = 60;

    @Test
    void sharesFollowWeightsWithinOnePercentWhenTableIsLarge() {
        Random random = new Random(1);
        for (int round = 0; round < ROUNDS; round++) {
            int n = 1 + random.nextInt(160);
            int size = largeEnough(n);
            List<Endpoint> backends = endpoints(random, n);
            double[] weights = randomWeights(random, n);
            int[] counts = MaglevTable.slotCounts(MaglevTable.build(backends, weights, size), n);
            double total = Arrays.stream(weights).sum();
            for (int i = 0; i < n; i++) {
                double share = (double) counts[i] / size;
                double wanted = weights[i] / total;
                assertTrue(Math.abs(share - wanted) <= 0.01,
                        "round " + round + ": backend " + i + " has share " + share + ", weight share " + wanted);
                // Sainte-Lague turns: each count is its ideal rounded, give or take a slot
                assertTrue(Math.abs(counts[i] - wanted * size) <= 1.5,
                        "round " + round + ": backend " + i + " has " + counts[i] + " slots, ideal " + wanted * size);
            }
        }
    }

    /**
     * One backend removed or re-weighted must move about the minimum (the total variation of the shares: 1/N when
     * one of N equal backends goes) plus Maglev's cascade, which is not minimal. Measured at the default size: the
     * excess is mostly below 1% up to 32 backends and 1-2% up to 163 (rarely above 2% in thousands of random
     * cases, never above 4%).
     */
    @Test
    void oneChangeMovesAboutTheMinimumPlusMaglevsSmallExcess() {
        assertExcess(new Random(2), 2, 32, 0.01);
        assertExcess(new Random(3), 33, 163, 0.02);
    }

    private static void assertExcess(Random random, int minBackends, int maxBackends, double medianBound) {
        int size = MaglevTable.DEFAULT_SIZE;
        double[] excess = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            int n = minBackends + random.nextInt(maxBackends - minBackends + 1);
            List<Endpoint> backends = endpoints(random, n);
            double[] weights = round % 3 == 0 ? equalWeights(n) : randomWeights(random, n);
            double[] changed = weights.clone();
            changed[random.nextInt(n)] = round % 2 == 0 ? 0 : 1 + random.nextInt(100);
            double moved = movedFraction(MaglevTable.build(backends, weights, size),
                    MaglevTable.build(backends, changed, size));
            excess[round] = moved - totalVariation(weights, changed);
            assertTrue(excess[round] >= -0.001, "round " + round + ": moved less than the minimum?"); // rounding
            assertTrue(excess[round] <= 0.04, "round " + round + ": one change among " + n + " backends moved "
                    + moved + ", the minimum is " + totalVariation(weights, changed));
        }
        Arrays.sort(excess);
        double median = excess[ROUNDS / 2];
        assertTrue(median <= medianBound, minBackends + ".." + maxBackends + " backends: median excess " + median);
    }

    @Test
    void sameInputGivesIdenticalTable() {
        Random random = new Random(4);
        for (int round = 0; round < ROUNDS; round++) {
            int n = 1 + random.nextInt(50);
            List<Endpoint> backends = endpoints(random, n);
            double[] weights = randomWeights(random, n);
            int[] first = MaglevTable.build(backends, weights, 4099);
            int[] second = MaglevTable.build(List.copyOf(backends), weights.clone(), 4099);
            assertArrayEquals(first, second);
        }
    }

    @Test
    void zeroTotalWeightLeavesEverySlotEmpty() {
        Random random = new Random(5);
        List<Endpoint> backends = endpoints(random, 7);
        int[] table = MaglevTable.build(backends, new double[7], 101);
        assertEquals(101, table.length);
        assertTrue(Arrays.stream(table).allMatch(s -> s == MaglevTable.EMPTY));
        assertTrue(Arrays.stream(MaglevTable.build(List.of(), new double[0], 13)).allMatch(s -> s == -1));
    }

    @Test
    void zeroWeightBackendGetsNoSlotAndEverySlotIsFilled() {
        Random random = new Random(6);
        List<Endpoint> backends = endpoints(random, 5);
        int[] table = MaglevTable.build(backends, new double[] {3, 0, 1, 1, 0}, 1009);
        int[] counts = MaglevTable.slotCounts(table, 5);
        assertEquals(0, counts[1]);
        assertEquals(0, counts[4]);
        assertEquals(1009, counts[0] + counts[2] + counts[3]);
    }

    @Test
    void refusesBadInput() {
        List<Endpoint> two = List.of(Endpoint.parse("198.18.0.1:80"), Endpoint.parse("198.18.0.2:80"));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(two, new double[] {1, 1}, 100));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(two, new double[] {1}, 101));
        assertThrows(IllegalArgumentException.class, () -> MaglevTable.build(two, new double[] {1, -1}, 101));
        assertThrows(IllegalArgumentException.class,
                () -> MaglevTable.build(List.of(two.get(0), two.get(0)), new double[] {1, 1}, 101));
    }

    @Test
    void primesAreRecognised() {
        int[] primes = {2, 3, 5, 101, 4099, 16381, 65537};
        for (int p : primes) {
            assertTrue(Primes.isPrime(p), p + " is prime");
        }
        int[] composites = {-7, 0, 1, 4, 100, 16383, 65535};
        for (int c : composites) {
            assertTrue(!Primes.isPrime(c), c + " is not prime");
        }
    }

    private static int largeEnough(int n) {
        int size = 100 * n;
        while (!Primes.isPrime(size)) {
            size++;
        }
        return size;
    }

    private static double[] equalWeights(int n) {
        double[] weights = new double[n];
        Arrays.fill(weights, 1);
        return weights;
    }

    private static double[] randomWeights(Random random, int n) {
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + random.nextInt(100);
        }
        return weights;
    }

    private static List<Endpoint> endpoints(Random random, int n) {
        List<Endpoint> out = new ArrayList<>();
        while (out.size() < n) {
            Endpoint e = Endpoint.parse("198.18." + random.nextInt(256) + "." + random.nextInt(256) + ":"
                    + (1 + random.nextInt(65535)));
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static double movedFraction(int[] before, int[] after) {
        int moved = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                moved++;
            }
        }
        return (double) moved / before.length;
    }

    /** The fraction of traffic that must change backend at least: half the sum of share differences. */
    private static double totalVariation(double[] a, double[] b) {
        double sa = Arrays.stream(a).sum();
        double sb = Arrays.stream(b).sum();
        double tv = 0;
        for (int i = 0; i < a.length; i++) {
            tv += Math.abs(a[i] / sa - b[i] / sb);
        }
        return tv / 2;
    }
}
