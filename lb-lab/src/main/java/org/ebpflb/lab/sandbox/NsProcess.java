package org.ebpflb.lab.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process started inside a network namespace in its own session, so it and everything it forks form
 * one process group that {@link #stop} ends as a whole. Standard output and error go to files next to each other.
 */
public final class NsProcess {
    private final String label;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private NsProcess(String label, Process process, Path stdoutFile, Path stderrFile) {
        this.label = label;
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /**
     * Starts {@code argv} inside namespace {@code namespace}.
     *
     * @param namespace the namespace name
     * @param label a short name for messages and log files, e.g. "backend-2"
     * @param argv the command line run inside the namespace
     * @param logDir where {@code <label>.out} and {@code <label>.err} are written
     * @return the running process
     * @throws CommandFailedException when it cannot be started
     */
    static NsProcess start(String namespace, String label, List<String> argv, Path logDir) {
        Path out = logDir.resolve(label + ".out");
        Path err = logDir.resolve(label + ".err");
        // setsid: a new session makes the pid the process group id, and keeps Ctrl-C on the terminal away from it
        // (the JVM's shutdown hook stops it in order instead).
        List<String> full = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", namespace));
        full.addAll(argv);
        try {
            Files.createDirectories(logDir);
            Process p = new ProcessBuilder(full)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new NsProcess(label, p, out, err);
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + String.join(" ", full) + ": " + e.getMessage());
        }
    }

    /** @return the label given at start */
    public String label() {
        return label;
    }

    /** @return the pid, which is also the process group id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process is still running */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to end by itself.
     *
     * @param limit how long to wait
     * @return its exit code
     * @throws CommandFailedException when it is still running after {@code limit}, with the tail of its stderr
     */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CommandFailedException(label + " (pid " + pid() + ") still running after "
                        + limit.toSeconds() + "s; stderr tail:" + System.lineSeparator() + stderrTail(20));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while waiting for " + label);
        }
    }

    /**
     * Ends the process group: SIGTERM, then SIGKILL after {@code grace}. Idempotent.
     *
     * @param grace how long the group may take to exit after SIGTERM
     */
    public void stop(Duration grace) {
        if (!signalGroup("TERM")) {
            return;
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                signalGroup("KILL");
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            signalGroup("KILL");
            Thread.currentThread().interrupt();
        }
        // Members that ignored TERM after the leader exited still get KILL.
        signalGroup("KILL");
    }

    /**
     * Sends a signal to the whole process group, as an operator's {@code kill -s SIGNAL -- -PGID} would.
     *
     * @param signal a signal name, e.g. "TERM" or "KILL"
     * @return false when no member of the group was left to signal
     */
    public boolean signal(String signal) {
        return signalGroup(signal);
    }

    /** @return what the process wrote to standard output so far */
    public String stdout() {
        return read(stdoutFile);
    }

    /** @return what the process wrote to standard error so far */
    public String stderr() {
        return read(stderrFile);
    }

    /**
     * @param lines how many lines
     * @return the last lines of standard error, then of standard output, for failure messages
     */
    public String stderrTail(int lines) {
        return (tail(stderr(), lines) + tail(stdout(), lines)).stripTrailing();
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ")";
    }

    /** @return false when no member of the group was left to signal */
    private boolean signalGroup(String signal) {
        return Command.of("kill", "-s", signal, "--", "-" + pid()).run().ok();
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        return last.stream().map(l -> "  | " + l + System.lineSeparator()).reduce("", String::concat);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
