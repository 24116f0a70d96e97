package org.ebpflb.lab.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed.
 *
 * @param requests requests completed
 * @param requestsPerSecond completed requests per second
 * @param p99Millis the 99th percentile latency
 * @param errors socket errors (connect, read, write, timeout) plus responses that were not 2xx or 3xx
 */
public record WrkResult(long requests, double requestsPerSecond, double p99Millis, long errors) {
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");
    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("(?m)^\\s*99(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /**
     * @param output wrk's standard output
     * @return the figures
     * @throws IllegalArgumentException quoting the output when a figure is missing
     */
    public static WrkResult parse(String output) {
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        errors += find(NON_2XX, output).map(Long::parseLong).orElse(0L);
        Matcher p99 = P99.matcher(output);
        if (!p99.find()) {
            throw new IllegalArgumentException("wrk printed no 99% latency (was --latency given?):\n" + output);
        }
        return new WrkResult(Long.parseLong(required(REQUESTS, output, "request count")),
                Double.parseDouble(required(RATE, output, "Requests/sec")),
                Double.parseDouble(p99.group(1)) * millisPer(p99.group(2)), errors);
    }

    private static double millisPer(String unit) {
        return switch (unit) {
            case "us" -> 0.001;
            case "ms" -> 1;
            case "s" -> 1_000;
            default -> 60_000; // "m": minutes
        };
    }

    private static String required(Pattern p, String output, String what) {
        return find(p, output).orElseThrow(() -> new IllegalArgumentException("wrk printed no " + what + ":\n"
                + output));
    }

    private static Optional<String> find(Pattern p, String output) {
        Matcher m = p.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
