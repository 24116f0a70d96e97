package org.ebpflb.runtime.maglev;

/** Primality for table sizes: Maglev's permutations only cover the table when its size is prime. */
public final class Primes {
    private Primes() {
    }

    /**
     * @param n any integer
     * @return whether it is prime
     */
    public static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
