package org.ebpflb.lab.app;

/**
 * One request of a {@link RequestBurst} run with a request log: when it started and what came of it, so a test can
 * tell which backend answered at what time (a backend killed mid-run, a slow start).
 *
 * @param startedAtMillis wall-clock start, milliseconds since the epoch (comparable across processes on one host)
 * @param millis how long it took
 * @param backend the backend that answered with 200, null when it failed
 * @param failure why it failed ("HTTP 503", "ConnectException", ...), null when answered
 */
public record RequestRecord(long startedAtMillis, long millis, String backend, String failure) {
    /** Exactly one of backend and failure. */
    public RequestRecord {
        if ((backend == null) == (failure == null)) {
            throw new IllegalArgumentException("a request has a backend or a failure: " + backend + ", " + failure);
        }
    }

    /** @return whether a backend answered with 200 */
    public boolean answered() {
        return backend != null;
    }
}
