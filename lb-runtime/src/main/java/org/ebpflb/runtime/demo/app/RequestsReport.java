package org.ebpflb.runtime.demo.app;

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
 */
public record RequestsReport(String target, int planned, int sent, Map<String, Integer> perBackend,
                             Map<String, Integer> failures, long elapsedMillis) implements ClientReport {
    /** Copies the maps. */
    public RequestsReport {
        perBackend = Map.copyOf(perBackend);
        failures = Map.copyOf(failures);
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
