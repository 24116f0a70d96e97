package org.ebpflb.lab.app;

import java.util.List;
import java.util.Map;

/**
 * Outcome of a burst of HTTP requests, each on a new TCP connection.
 *
 * @param target the ip:port asked
 * @param planned requests asked for
 * @param sent requests started before the deadline
 * @param perBackend answered requests (status 200) by the backend name in the body
 * @param failures failed requests by reason, e.g. "HTTP 503", "ConnectException"
 * @param elapsedMillis wall time of the burst
 * @param log every request in start order, when the plan asked for a request log; else empty
 */
public record RequestsReport(String target, int planned, int sent, Map<String, Integer> perBackend,
                             Map<String, Integer> failures, long elapsedMillis, List<RequestRecord> log)
        implements ClientReport {
    /** Copies the maps and the log. */
    public RequestsReport {
        perBackend = Map.copyOf(perBackend);
        failures = Map.copyOf(failures);
        log = log == null ? List.of() : List.copyOf(log);
    }

    /**
     * A report without a request log.
     *
     * @param target the ip:port asked
     * @param planned requests asked for
     * @param sent requests started before the deadline
     * @param perBackend answered requests by backend
     * @param failures failed requests by reason
     * @param elapsedMillis wall time of the burst
     */
    public RequestsReport(String target, int planned, int sent, Map<String, Integer> perBackend,
                          Map<String, Integer> failures, long elapsedMillis) {
        this(target, planned, sent, perBackend, failures, elapsedMillis, List.of());
    }

    /** @return requests answered with 200 */
    public int answered() {
        return perBackend.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return requests that failed */
    public int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }
}
