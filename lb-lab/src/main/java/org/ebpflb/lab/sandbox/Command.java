package org.ebpflb.lab.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one external command to completion with a time limit, capturing both output streams.
 *
 * @param argv the command line
 * @param timeout how long it may take before it is killed and reported as failed
 */
public record Command(List<String> argv, Duration timeout) {
    /** Default time limit: generous for {@code ip}, short enough that a hang surfaces. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Copies the command line. */
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
    }

    /**
     * @param argv the command line
     * @return the command with the default time limit
     */
    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT);
    }

    /**
     * @param argv the command line
     * @return the command with the default time limit
     */
    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT);
    }

    /**
     * @param limit a different time limit
     * @return this command with that limit
     */
    public Command within(Duration limit) {
        return new Command(argv, limit);
    }

    /**
     * Runs the command and returns whatever it did; a non-zero exit is not an error here.
     *
     * @return the result
     * @throws CommandFailedException when it cannot start or exceeds the time limit
     */
    public CommandResult run() {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + String.join(" ", argv) + ": " + e.getMessage());
        }
        // Both streams are drained concurrently so a chatty command never blocks on a full pipe.
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new CommandFailedException("command did not finish within " + timeout.toSeconds() + "s: "
                        + String.join(" ", argv));
            }
            return new CommandResult(argv, p.exitValue(), collect(out), collect(err));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while running " + String.join(" ", argv));
        }
    }

    /**
     * Runs the command and insists on exit code 0.
     *
     * @return the result
     * @throws CommandFailedException naming the command and quoting its stderr when it fails
     */
    public CommandResult check() {
        return run().orThrow();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }

    // A grandchild that inherited the pipe may keep it open after the command exits; do not wait for it forever.
    private static String collect(CompletableFuture<String> f) throws InterruptedException {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(output not collected: " + e + ")";
        }
    }
}
