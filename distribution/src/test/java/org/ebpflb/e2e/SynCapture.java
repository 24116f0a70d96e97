package org.ebpflb.e2e;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * The backend's side of "which new connections reached it, and when": tcpdump inside a backend namespace records the
 * arrival time of every connection-opening SYN from a client address to a port. It sees SYNs whether or not a
 * process still listens (a killed backend's kernel answers them with a reset), and not the load balancer's health
 * probes, which come from the load balancer's own address.
 */
final class SynCapture {
    // "1712345678.123456 IP 198.18.120.2.41234 > 198.18.121.12.8080: Flags [S], ..."
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\.(\\d{6}) IP \\S+ > \\S+: Flags \\[S\\].*");

    /** Numbers each capture's log files: two captures in one namespace must not share them. */
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final NsProcess tcpdump;

    private SynCapture(NsProcess tcpdump) {
        this.tcpdump = tcpdump;
    }

    /**
     * Starts tcpdump on the namespace's link and waits until it captures.
     *
     * @param sandbox the sandbox; its teardown stops tcpdump
     * @param ns a backend namespace
     * @param client the client address whose SYNs count
     * @param port the backend port
     * @return the running capture
     */
    static SynCapture start(Sandbox sandbox, Netns ns, InetAddress client, int port) {
        String filter = "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and src host " + client.getHostAddress()
                + " and dst port " + port;
        NsProcess p = sandbox.start(ns, "syn-capture-" + ns.name() + "-" + STARTED.incrementAndGet(), List.of("tcpdump", "-i", Sandbox.LINK, "-n",
                "-tt", "-l", "-Q", "in", filter));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.stderr().contains("listening on")) {
            if (!p.alive() || System.nanoTime() > deadline) {
                throw new CommandFailedException("tcpdump did not start capturing in " + ns + ":\n"
                        + p.stderrTail(10));
            }
            Netns.pause(Duration.ofMillis(50));
        }
        return new SynCapture(p);
    }

    /** Stops capturing; what was captured stays readable. */
    void stop() {
        tcpdump.stop(Duration.ofSeconds(3));
    }

    /** @return the arrival time of every SYN so far, epoch milliseconds, in capture order */
    List<Long> arrivals() {
        List<Long> out = new ArrayList<>();
        for (String line : tcpdump.stdout().lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.add(Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) / 1000);
            }
        }
        return out;
    }

    /**
     * @param fromMillis start, epoch milliseconds, inclusive
     * @param toMillis end, exclusive
     * @return SYNs that arrived in that interval
     */
    long count(long fromMillis, long toMillis) {
        return arrivals().stream().filter(t -> t >= fromMillis && t < toMillis).count();
    }

    /**
     * Waits until the capture has seen more than {@code before} SYNs.
     *
     * @param before a count from {@link #arrivals()}
     * @param limit how long to wait
     * @return whether more arrived in time
     */
    boolean awaitMoreThan(int before, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (arrivals().size() <= before) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Netns.pause(Duration.ofMillis(50));
        }
        return true;
    }

}
