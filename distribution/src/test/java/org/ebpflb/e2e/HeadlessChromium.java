package org.ebpflb.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.lab.sandbox.Netns;

/**
 * Debian's chromium, headless, in a network namespace, driven over the DevTools protocol on a pipe
 * ({@code --remote-debugging-pipe}: requests on its fd 3, answers on its fd 4, each a JSON message ended by NUL; here
 * they are this process's stdin and stdout). One page stays open, so a test can watch it change; every console message,
 * uncaught exception and log warning or error (a failed load, say) is kept.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream requests;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private String session;

    private HeadlessChromium(Process process) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.reader = Thread.ofPlatform().daemon().name("cdp-reader").start(this::readAnswers);
    }

    /**
     * Starts chromium with a fresh profile and opens {@code url} in a page of the given size.
     *
     * @param ns where it runs (the page's loopback is that namespace's)
     * @param profile an empty directory for its user data
     * @param log where its stderr goes
     * @param url the page
     * @param width viewport width in CSS pixels
     * @param height viewport height
     * @return the running browser with the page loading
     */
    static HeadlessChromium open(Netns ns, Path profile, Path log, String url, int width, int height)
            throws IOException {
        String flags = String.join(" ", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank");
        Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "sh", "-c",
                "exec chromium " + flags + " 3<&0 4>&1 1>/dev/null 0</dev/null")
                .redirectError(log.toFile()).start();
        HeadlessChromium browser = new HeadlessChromium(p);
        try {
            String target = browser.call(null, "Target.createTarget", Map.of("url", "about:blank"))
                    .path("targetId").asText();
            browser.session = browser.call(null, "Target.attachToTarget", Map.of("targetId", target,
                    "flatten", true)).path("sessionId").asText();
            browser.call("Runtime.enable", Map.of());
            browser.call("Log.enable", Map.of());
            browser.call("Page.enable", Map.of());
            browser.resize(width, height);
            browser.call("Page.navigate", Map.of("url", url));
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    /** @param width viewport width in CSS pixels @param height its height */
    void resize(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", width < 600));
    }

    /**
     * @param expression JavaScript evaluated in the page
     * @return its value (JSON), or a missing node when it threw
     */
    JsonNode evaluate(String expression) {
        return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result").path("value");
    }

    /** @param png where the screenshot of the whole page goes */
    void screenshot(Path png) {
        String data = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true))
                .path("data").asText();
        try {
            Files.write(png, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return console messages, uncaught exceptions, and log warnings and errors of the page so far, one each */
    List<String> console() {
        return List.copyOf(console);
    }

    private JsonNode call(String method, Map<String, Object> params) {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (requests) {
                requests.write(JSON.writeValueAsBytes(message));
                requests.write(0);
                requests.flush();
            }
            JsonNode reply = answer.get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.get("error"));
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException("chromium's pipe closed during " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + CALL_LIMIT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        } finally {
            pending.remove(id);
        }
    }

    private void readAnswers() {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != 0) {
                    message.write(b);
                    continue;
                }
                JsonNode node = JSON.readTree(message.toByteArray());
                message.reset();
                if (node.has("id")) {
                    CompletableFuture<JsonNode> f = pending.get(node.get("id").asInt());
                    if (f != null) {
                        f.complete(node);
                    }
                } else {
                    event(node);
                }
            }
        } catch (IOException e) {
            console.add("DevTools pipe failed: " + e);
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("chromium exited")));
    }

    private void event(JsonNode node) {
        JsonNode params = node.path("params");
        switch (node.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> console.add("console." + params.path("type").asText() + ": "
                    + params.path("args").findValuesAsText("value"));
            case "Runtime.exceptionThrown" -> console.add("exception: "
                    + params.path("exceptionDetails").path("exception").path("description").asText(
                            params.path("exceptionDetails").path("text").asText()));
            case "Log.entryAdded" -> {
                String level = params.path("entry").path("level").asText();
                if (level.equals("error") || level.equals("warning")) { // verbose and info are browser hints
                    console.add("log " + level + ": " + params.path("entry").path("text").asText() + " "
                            + params.path("entry").path("url").asText());
                }
            }
            default -> {
                // other events are not needed
            }
        }
    }

    /** Closes the browser (politely over the protocol, then by signal) and waits for it. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                call(null, "Browser.close", Map.of());
            }
        } catch (RuntimeException e) {
            // it is going away either way
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
