package org.ebpflb.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What one {@code iperf3 --json} transfer reported, as the receiver counted it.
 *
 * @param bytes bytes the receiver got
 * @param seconds how long the receiver saw the transfer take
 */
public record IperfResult(long bytes, double seconds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return megabytes (10^6 bytes) per second */
    public double megabytesPerSecond() {
        return bytes / seconds / 1e6;
    }

    /**
     * @param json iperf3's JSON report
     * @return the receiver's totals
     * @throws IllegalArgumentException with iperf3's own error, or quoting the report when totals are missing
     */
    public static IperfResult parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("iperf3 printed no JSON report: " + json, e);
        }
        if (root.hasNonNull("error")) {
            throw new IllegalArgumentException("iperf3 failed: " + root.get("error").asText());
        }
        JsonNode received = root.path("end").path("sum_received");
        if (!received.has("bytes") || !received.has("seconds")) {
            throw new IllegalArgumentException("iperf3's report has no end.sum_received totals: " + json);
        }
        return new IperfResult(received.get("bytes").asLong(), received.get("seconds").asDouble());
    }
}
