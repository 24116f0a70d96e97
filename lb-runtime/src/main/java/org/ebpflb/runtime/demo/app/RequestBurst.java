package org.ebpflb.runtime.demo.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.model.Endpoint;

/**
 * Sends a bounded number of {@code GET /} requests, each through a new {@link HttpClient} (whose connection pool is
 * its own and is closed after the one request), so every request is a new TCP connection and a new flow for the
 * load balancer to place.
 *
 * @param target where to send
 * @param count how many requests at most
 * @param parallel how many at once
 * @param deadline no request starts after it
 */
record RequestBurst(Endpoint target, int count, int parallel, Deadline deadline) {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    RequestsReport run() throws InterruptedException {
        URI uri = URI.create("http://" + target + "/");
        Map<String, Integer> perBackend = new ConcurrentHashMap<>();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < parallel; w++) {
                workers.submit(() -> {
                    while (!deadline.passed() && next.getAndIncrement() < count) {
                        sent.incrementAndGet();
                        String outcome = once(uri);
                        (outcome.startsWith("!") ? failures : perBackend).merge(outcome.replaceFirst("^!", ""), 1,
                                Integer::sum);
                    }
                });
            }
        }
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return new RequestsReport(target.toString(), count, sent.get(), perBackend, failures, elapsed);
    }

    /** @return the backend name, or "!" + a failure reason */
    private String once(URI uri) {
        Duration timeout = deadline.remaining(REQUEST_TIMEOUT);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : "!HTTP " + r.statusCode();
        } catch (IOException e) {
            return "!" + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "!interrupted";
        }
    }
}
