package org.ebpflb.plugin.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One scrape of the endpoint, its samples by series ({@code name{labels}} as printed) for assertions.
 *
 * @param status the HTTP status
 * @param text the body
 * @param samples value per series line
 */
record Scrape(int status, String text, Map<String, Double> samples) {
    /**
     * @param port the endpoint's port on 127.0.0.1
     * @param token the bearer token to send, if any
     * @return the scrape
     */
    static Scrape of(int port, Optional<String> token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL()
                .openConnection();
        token.ifPresent(t -> c.setRequestProperty("Authorization", "Bearer " + t));
        int status = c.getResponseCode();
        String body;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int space = l.lastIndexOf(' ');
            samples.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return new Scrape(status, body, samples);
    }

    /** @param series e.g. {@code lb_up} or {@code lb_drops_total{reason="malformed",}} @return its value, if shown */
    Optional<Double> value(String series) {
        return Optional.ofNullable(samples.get(series));
    }

    /** @param prefix a metric name @return whether any series of it is shown */
    boolean has(String prefix) {
        return samples.keySet().stream().anyMatch(k -> k.equals(prefix) || k.startsWith(prefix + "{"));
    }
}
