package org.ebpflb.lab.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * @param rate requests started per second at most, request i not before {@code i / rate} seconds into the burst
 *     (0: unpaced)
 * @param logRequests whether the report lists every request
 * @param deadline no request starts after it
 */
record RequestBurst(Endpoint target, int count, int parallel, int rate, boolean logRequests, Deadline deadline) {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    RequestsReport run() throws InterruptedException {
        URI uri = URI.create("http://" + target + "/");
        Map<String, Integer> perBackend = new ConcurrentHashMap<>();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        RequestRecord[] log = new RequestRecord[logRequests ? count : 0];
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < parallel; w++) {
                workers.submit(() -> {
                    int i;
                    while (!deadline.passed() && (i = next.getAndIncrement()) < count) {
                        if (!awaitTurn(start, i)) {
                            return;
                        }
                        sent.incrementAndGet();
                        long startedAt = System.currentTimeMillis();
                        long t0 = System.nanoTime();
                        String outcome = once(uri);
                        boolean failed = outcome.startsWith("!");
                        String what = failed ? outcome.substring(1) : outcome;
                        (failed ? failures : perBackend).merge(what, 1, Integer::sum);
                        if (logRequests) {
                            log[i] = new RequestRecord(startedAt, Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                                    failed ? null : what, failed ? what : null);
                        }
                    }
                });
            }
        }
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        List<RequestRecord> records = Arrays.stream(log).filter(Objects::nonNull).toList(); // unsent ones are null
        return new RequestsReport(target.toString(), count, sent.get(), perBackend, failures, elapsed, records);
    }

    /** @return false when the deadline passes before request {@code i}'s turn under the rate */
    private boolean awaitTurn(long start, int i) {
        if (rate == 0) {
            return true;
        }
        long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(deadline.remaining(Duration.ofNanos(wait)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !deadline.passed();
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
