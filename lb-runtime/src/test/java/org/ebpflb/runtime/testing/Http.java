package org.ebpflb.runtime.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for admin API tests. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /**
     * @param address the server
     * @param method the HTTP method
     * @param path the raw path (and query)
     * @param body the body, or null for none
     * @param token a bearer token, or null
     * @return the response
     * @throws IOException on I/O failure
     * @throws InterruptedException when interrupted
     */
    public static HttpResponse<String> send(InetSocketAddress address, String method, String path, String body,
                                            String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param address the server
     * @param path the raw path
     * @return the response to a GET
     * @throws IOException on I/O failure
     * @throws InterruptedException when interrupted
     */
    public static HttpResponse<String> get(InetSocketAddress address, String path)
            throws IOException, InterruptedException {
        return send(address, "GET", path, null, null);
    }
}
