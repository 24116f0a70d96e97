package org.ebpflb.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * A real dnsmasq inside one namespace of a sandbox, on that namespace's loopback: authoritative only for
 * {@value #ZONE} ({@code --local}: unknown names are NXDOMAIN, nothing is forwarded), serving A records from one hosts
 * file per name in a watched directory ({@code --hostsdir}; dnsmasq re-reads a changed file through inotify and logs
 * {@code read FILE - N names}). The sandbox's teardown stops it.
 */
final class NamespaceDnsmasq {
    /** The zone it answers for. */
    static final String ZONE = "e2e.test";
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private static final Duration REREAD_LIMIT = Duration.ofSeconds(5);

    private final Path dir;
    private final int port;
    private final int ttlSeconds;
    private final NsProcess process;

    private NamespaceDnsmasq(Path dir, int port, int ttlSeconds, NsProcess process) {
        this.dir = dir;
        this.port = port;
        this.ttlSeconds = ttlSeconds;
        this.process = process;
    }

    /**
     * Starts dnsmasq and waits until it accepts TCP on its port.
     *
     * @param sandbox the sandbox
     * @param ns where it runs (its loopback)
     * @param dir an empty directory for the hosts files, readable by user nobody (dnsmasq drops to it)
     * @param port its port on 127.0.0.1
     * @param ttlSeconds the TTL of every answer
     * @return the running server
     */
    static NamespaceDnsmasq start(Sandbox sandbox, Netns ns, Path dir, int port, int ttlSeconds) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("the dns e2e test needs dnsmasq at " + BINARY + ": apt-get install dnsmasq");
        }
        Files.createDirectories(dir.resolve("hosts"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        NsProcess p = sandbox.start(ns, "dnsmasq", List.of(BINARY.toString(), "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--hostsdir=" + dir.resolve("hosts"), "--local=/" + ZONE + "/", "--local-ttl=" + ttlSeconds,
                "--conf-file=/dev/null", "--pid-file=", "--log-facility=-", "--log-queries"));
        ns.awaitTcp(InetAddress.getLoopbackAddress(), port, Duration.ofSeconds(10), Optional.of(p));
        return new NamespaceDnsmasq(dir, port, ttlSeconds, p);
    }

    /** @return the address as {@code lb.plugins.dns.servers} takes it */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** @return the TTL of every answer */
    Duration ttl() {
        return Duration.ofSeconds(ttlSeconds);
    }

    /**
     * Replaces the A records of a name in one atomic rename and waits until dnsmasq has read the new file.
     *
     * @param name a name under {@value #ZONE}
     * @param addresses its addresses, at least one
     * @return {@link System#nanoTime()} right after the rename: when the change was made
     */
    long records(String name, List<InetAddress> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("give " + name + " at least one address");
        }
        Path file = dir.resolve("hosts").resolve(name);
        long readsBefore = reads(file);
        Path staging = dir.resolve(name + ".staging");
        Files.writeString(staging, addresses.stream().map(a -> a.getHostAddress() + " " + name + "\n")
                .collect(Collectors.joining()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long changedAt = System.nanoTime();
        long deadline = changedAt + REREAD_LIMIT.toNanos();
        while (reads(file) <= readsBefore) {
            if (System.nanoTime() > deadline || !process.alive()) {
                throw new CommandFailedException("dnsmasq did not read " + file + " within "
                        + REREAD_LIMIT.toSeconds() + "s; its log:" + System.lineSeparator() + log());
            }
            Netns.pause(Duration.ofMillis(10));
        }
        return changedAt;
    }

    /** @return the tail of its log, for failure messages */
    String log() {
        return process.stderrTail(40);
    }

    /** dnsmasq logs "read FILE - N names" (to stderr with --log-facility=-) each time it (re-)reads a hosts file. */
    private long reads(Path file) {
        Pattern read = Pattern.compile("read " + Pattern.quote(file.toString()) + " - \\d+ names");
        return (process.stderr() + process.stdout()).lines().filter(l -> read.matcher(l).find()).count();
    }

}
