package org.ebpflb.plugin.circuitbreaker;

/**
 * Attempts and failures seen in one period: new connections and connect failures from the data plane, plus health
 * probes.
 *
 * @param attempts connection attempts and probes
 * @param failures those that failed
 */
record Outcomes(long attempts, long failures) {
    /** Nothing seen. */
    static final Outcomes NONE = new Outcomes(0, 0);

    /** @return attempts that did not fail */
    long successes() {
        return Math.max(0, attempts - failures);
    }

    /**
     * @param o more outcomes
     * @return the sum
     */
    Outcomes plus(Outcomes o) {
        return new Outcomes(attempts + o.attempts, failures + o.failures);
    }

    /** @return failures in percent of attempts; 0 without attempts */
    double errorPercent() {
        return attempts == 0 ? 0 : 100.0 * failures / attempts;
    }
}
