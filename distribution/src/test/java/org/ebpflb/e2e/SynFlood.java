package org.ebpflb.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * A bounded TCP SYN flood from a client namespace with hping3: SYNs at a fixed interval for a fixed time (SIGINT
 * ends it, at most {@link #MAX_SECONDS}), each from a new source port or, spoofed, a random source address.
 * The client's kernel answers the SYN-ACKs of admitted SYNs with resets, which close their flows again.
 */
final class SynFlood {
    /** No flood runs longer. */
    static final int MAX_SECONDS = 20;
    // "24000 packets transmitted, 0 packets received, 100% packet loss"
    private static final Pattern SENT = Pattern.compile("(\\d+) packets transmitted");

    private final NsProcess hping;
    private final long startedNanos;
    private final Thread watcher;
    private volatile long endedNanos;

    /** A watcher notes when hping3 ends, since the caller may be busy with other traffic then. */
    private SynFlood(NsProcess hping) {
        this.hping = hping;
        this.startedNanos = System.nanoTime();
        this.watcher = Thread.ofVirtual().start(() -> {
            try {
                hping.awaitExit(Duration.ofSeconds(MAX_SECONDS + 10));
            } finally {
                endedNanos = System.nanoTime();
            }
        });
    }

    /**
     * @param sandbox the sandbox; its teardown stops hping3
     * @param client the client namespace
     * @param target the service
     * @param intervalMicros the pause hping3 takes between SYNs; it sends fewer per second than this promises, as
     *     its sleeps overshoot (measure with {@link #awaitSent})
     * @param seconds how long it floods, at most {@link #MAX_SECONDS}
     * @param spoofed whether every SYN comes from a random source address
     * @return the running flood
     */
    static SynFlood start(Sandbox sandbox, Netns client, Endpoint target, int intervalMicros, int seconds,
                          boolean spoofed) {
        if (seconds < 1 || seconds > MAX_SECONDS || intervalMicros < 1) {
            throw new IllegalArgumentException("a flood lasts 1.." + MAX_SECONDS + " s, got " + seconds);
        }
        List<String> argv = new ArrayList<>(List.of("timeout", "-s", "INT", String.valueOf(seconds), "hping3",
                "-q", "-S", "-p", String.valueOf(target.port()), "-i", "u" + intervalMicros, "-c",
                String.valueOf(1_000_000L / intervalMicros * seconds)));
        if (spoofed) {
            argv.add("--rand-source");
        }
        argv.add(target.address().getHostAddress());
        return new SynFlood(sandbox.start(client, spoofed ? "spoofed-flood" : "flood", argv));
    }

    /** Waits for the flood to end. @return SYNs sent, from hping3's statistics */
    long awaitSent() {
        try {
            watcher.join(Duration.ofSeconds(MAX_SECONDS + 15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for hping3", e);
        }
        Matcher m = SENT.matcher(hping.stdout() + hping.stderr());
        if (!m.find()) {
            throw new AssertionError("hping3 printed no statistics:\n" + hping.stdout() + hping.stderrTail(10));
        }
        return Long.parseLong(m.group(1));
    }

    /** @return how long it ran, after {@link #awaitSent} */
    Duration duration() {
        return Duration.ofNanos(endedNanos - startedNanos);
    }
}
