package org.ebpflb.lab.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.model.Endpoint;

/**
 * One long-lived connection: {@code GET /stream?seconds=N}, read to the end and checked byte by byte against
 * {@link StreamPattern}. The deadline closes the body if it stalls (java.net.http has no read timeout).
 *
 * @param target where to connect
 * @param index the stream's number in the run
 * @param seconds how long the stream lasts
 * @param deadline when to give up
 */
record StreamProbe(Endpoint target, int index, int seconds, Deadline deadline) {
    StreamReport run() {
        URI uri = URI.create("http://" + target + "/stream?seconds=" + seconds);
        StreamPattern.Verifier verifier = new StreamPattern.Verifier();
        String backend = "";
        String error = "";
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(deadline.remaining(Duration.ofSeconds(3))).build()) {
            HttpResponse<InputStream> r = client.send(
                    HttpRequest.newBuilder(uri).timeout(deadline.remaining(Duration.ofSeconds(10))).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            backend = r.headers().firstValue("X-Backend").orElse("");
            try (InputStream body = r.body()) {
                watchdog.schedule(() -> closeQuietly(body), deadline.remaining(Duration.ofDays(1)).toMillis(),
                        TimeUnit.MILLISECONDS);
                if (r.statusCode() != 200) {
                    error = "HTTP " + r.statusCode();
                } else {
                    byte[] buf = new byte[16384];
                    for (int n; (n = body.read(buf)) > 0; ) {
                        verifier.accept(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            error = (deadline.passed() ? "deadline passed: " : "") + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } finally {
            watchdog.shutdownNow();
        }
        if (error.isEmpty() && verifier.firstMismatch() >= 0) {
            error = "first wrong byte at offset " + verifier.firstMismatch();
        } else if (error.isEmpty() && verifier.bytes() != StreamPattern.length(seconds)) {
            error = "length " + verifier.bytes() + " instead of " + StreamPattern.length(seconds);
        }
        return new StreamReport(target.toString(), index, backend, verifier.bytes(), StreamPattern.length(seconds),
                error.isEmpty() && verifier.exact(seconds), error);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only to unblock the reader; the read reports the outcome
        }
    }
}
