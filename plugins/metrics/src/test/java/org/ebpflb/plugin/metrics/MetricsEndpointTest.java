package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    @Test
    void servesTheTextFormatPlainAndGzippedAndRefusesOtherMethods() throws Exception {
        CollectorRegistry registry = new CollectorRegistry(true);
        Gauge.build("lb_test", "A test gauge").labelNames("service").register(registry).labels("we\"b").set(2);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), registry, Optional.empty())) {
            URL url = URI.create("http://127.0.0.1:" + endpoint.port() + MetricsEndpoint.PATH).toURL();
            HttpURLConnection plain = (HttpURLConnection) url.openConnection();
            assertEquals(200, plain.getResponseCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.getContentType());
            String text = read(plain.getInputStream());
            assertTrue(text.contains("lb_test{service=\"we\\\"b\",} 2.0\n"), text);

            HttpURLConnection zipped = (HttpURLConnection) url.openConnection();
            zipped.setRequestProperty("Accept-Encoding", "gzip");
            assertEquals(200, zipped.getResponseCode());
            assertEquals("gzip", zipped.getContentEncoding());
            assertEquals(text, read(new GZIPInputStream(zipped.getInputStream())));

            HttpURLConnection post = (HttpURLConnection) url.openConnection();
            post.setRequestMethod("POST");
            assertEquals(405, post.getResponseCode());
            assertEquals("GET, HEAD", post.getHeaderField("Allow"));
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
