package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.runtime.lifecycle.BootstrapSettings;
import org.ebpflb.runtime.view.Json;

/** Talks to a running instance's admin API; "nobody answers" is a normal outcome, not an error. */
final class AdminClient {
    private final InetSocketAddress address;
    private final Optional<String> token;
    /** HTTP/1.1: the admin API speaks nothing else, and an h2c upgrade offer stalls a request with a body. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param address where the admin API listens
     * @param token the bearer token for mutating calls, if any
     */
    AdminClient(InetSocketAddress address, Optional<String> token) {
        this.address = address;
        this.token = token;
    }

    /**
     * @param settings bootstrap settings of the configuration
     * @param err where to say that defaults stand in for an unreadable file
     * @return a client for the instance that configuration describes; the token is read when its file is readable
     */
    static AdminClient of(BootstrapSettings settings, PrintWriter err) {
        settings.unreadable().ifPresent(why -> {
            err.println("note: " + why + "; trying the default admin address");
            err.flush();
        });
        Optional<String> token = settings.tokenFile().flatMap(f -> {
            try {
                return Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                return Optional.empty(); // the server answers 401 with a reason
            }
        });
        return new AdminClient(settings.adminListen(), token);
    }

    /**
     * @param path e.g. {@code /api/v1/status}; segments are quoted as needed
     * @return the reply, empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    /**
     * @param path e.g. {@code /api/v1/services/web/connections}; segments are quoted as needed
     * @param query e.g. {@code sort=age&limit=10}, quoted as needed; null for none
     * @return the reply, empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> get(String path, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    /**
     * @param path e.g. {@code /api/v1/reload}
     * @return the reply, empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> post(String path) throws IOException, InterruptedException {
        return post(path, HttpRequest.BodyPublishers.noBody());
    }

    /**
     * @param path e.g. {@code /api/v1/dns-registration/block} or {@code /api/v1/services/web/targets/198.18.1.2:8080/drain}
     * @param body sent as JSON
     * @return the reply, empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> post(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return post(path, HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body),
                StandardCharsets.UTF_8));
    }

    private Optional<Reply> post(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body)
                .header("Content-Type", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    /**
     * @param path e.g. {@code /api/v1/services/web/targets/198.18.1.2:8080/drain}
     * @return the reply, empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> delete(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    /**
     * Follows a streaming answer (server-sent events) line by line until the server ends it.
     *
     * @param path e.g. {@code /api/v1/events}
     * @param query e.g. {@code type=DrainStarted}, or null
     * @param lines gets each line of a 200 answer as it arrives
     * @return the status and, for a refusal, its body; empty when nothing listens there
     * @throws IOException on other I/O failures
     * @throws InterruptedException when interrupted
     */
    Optional<Reply> stream(String path, String query, Consumer<String> lines) throws IOException,
            InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(new URI("http", null, hostForUri(), address.getPort(), path, query, null))
                    .GET().build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad admin API path " + path + "?" + query, e);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Optional.empty();
        }
        try (Stream<String> body = response.body()) {
            if (response.statusCode() != 200) {
                return Optional.of(new Reply(response.statusCode(), body.collect(Collectors.joining("\n"))));
            }
            body.forEach(lines);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Optional.of(new Reply(200, ""));
    }

    /**
     * Says why a call did not succeed, the way every command does.
     *
     * @param command e.g. {@code lb drain}
     * @param reply the reply, empty when nothing answered
     * @param err where to say it
     * @return empty on a 200 answer, else the exit code: 2 when nothing answers or the server failed, 1 when the
     *     request was refused
     */
    Optional<Integer> failure(String command, Optional<Reply> reply, PrintWriter err) {
        if (reply.isPresent() && reply.get().status() == 200) {
            return Optional.empty();
        }
        err.println(command + ": " + reply.map(Reply::error).orElse("no ebpf-lb instance answers at " + describe()));
        err.flush();
        return Optional.of(reply.isEmpty() || reply.get().status() >= 500 ? LbCommand.RUNTIME_FAILURE
                : LbCommand.BAD_INPUT);
    }

    /** @return the address, as {@code ip:port} */
    String describe() {
        return IpAddresses.withPort(host(), address.getPort());
    }

    private Optional<Reply> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Optional.of(new Reply(response.statusCode(), response.body()));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Optional.empty();
        }
    }

    private URI uri(String path) {
        return uri(path, null);
    }

    private URI uri(String path, String query) {
        try {
            return new URI("http", null, hostForUri(), address.getPort(), path, query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad admin API path " + path, e);
        }
    }

    /** A wildcard listen address is reached through loopback. */
    private InetAddress host() {
        InetAddress a = address.getAddress();
        return a.isAnyLocalAddress() ? IpAddresses.parseLiteral(a instanceof Inet6Address ? "::1" : "127.0.0.1") : a;
    }

    private String hostForUri() {
        String host = IpAddresses.format(host());
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * An answer of the admin API.
     *
     * @param status the HTTP status
     * @param body the JSON body
     */
    record Reply(int status, String body) {
        /**
         * @param type a view type
         * @param <T> the type
         * @return the body read as that type
         * @throws JsonProcessingException when it is not
         */
        <T> T as(Class<T> type) throws JsonProcessingException {
            return Json.mapper().readValue(body, type);
        }

        /** @return the {@code error} field of a refusal, or the raw body */
        String error() {
            try {
                JsonNode node = Json.mapper().readTree(body);
                return node.hasNonNull("error") ? node.get("error").asText() : body;
            } catch (JsonProcessingException e) {
                return body;
            }
        }
    }
}
