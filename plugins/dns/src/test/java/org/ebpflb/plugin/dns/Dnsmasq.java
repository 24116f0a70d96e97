package org.ebpflb.plugin.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq on 127.0.0.1 and a free port, authoritative-only for the zone {@code test}: names come from hosts
 * files in a directory it watches (inotify picks changes up in milliseconds); {@code --local=/test/} makes unknown
 * names NXDOMAIN. Tests change records with {@link #records}, stop the server with {@link #pause} (SIGSTOP: queries
 * time out) or {@link #kill} (the port closes).
 */
final class Dnsmasq implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private static final Duration READY = Duration.ofSeconds(5);

    private final Path dir;
    private final Path hostsDir;
    private final Path log;
    private final int port;
    private final Process process;

    private Dnsmasq(Path dir, int port, Process process) {
        this.dir = dir;
        this.hostsDir = dir.resolve("hosts");
        this.log = dir.resolve("dnsmasq.log");
        this.port = port;
        this.process = process;
    }

    /**
     * @param localTtl the TTL of every answer ({@code --local-ttl})
     * @param extraArgs more dnsmasq options, e.g. {@code --txt-record=...}
     * @return a running server answering on 127.0.0.1
     */
    static Dnsmasq start(int localTtl, String... extraArgs) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("dnsmasq is needed for the dns plugin tests and is missing at " + BINARY
                    + ": apt-get install dnsmasq-base");
        }
        // dnsmasq started as root drops to user nobody, which must read the hosts files
        Path dir = Files.createTempDirectory("lb-dns-test-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createDirectory(dir.resolve("hosts"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-daemon", "--port=" + port,
                    "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                    "--hostsdir=" + dir.resolve("hosts"), "--local=/test/", "--local-ttl=" + localTtl,
                    "--conf-file=/dev/null", "--pid-file=", "--log-facility=-", "--log-queries"));
            command.addAll(Arrays.asList(extraArgs));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
            Dnsmasq server = new Dnsmasq(dir, port, p);
            if (server.awaitReady()) {
                return server;
            }
            last = new IOException("dnsmasq did not start on port " + port + ": " + server.log());
            server.process.destroyForcibly().waitFor();
        }
        throw last;
    }

    /** @return where it answers */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** @return the address as the {@code servers} setting writes it */
    String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * Replaces the A records of a name (an empty list removes the name) and waits until dnsmasq answers with them.
     *
     * @param name a name under {@code test}
     * @param ips its addresses
     */
    void records(String name, String... ips) throws IOException, InterruptedException {
        Path file = hostsDir.resolve(name);
        if (ips.length == 0) {
            Files.deleteIfExists(file);
        } else {
            Path staging = dir.resolve(name + ".staging");
            Files.writeString(staging, Stream.of(ips).map(ip -> ip + " " + name + "\n").collect(Collectors.joining()),
                    StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> expected = new TreeSet<>(List.of(ips));
        long deadline = System.nanoTime() + READY.toNanos();
        while (!answer(name).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dnsmasq still answers " + answer(name) + " for " + name
                        + " instead of " + expected + ": " + log());
            }
            Thread.sleep(10);
        }
    }

    /** Freezes the process: it keeps its port, so queries time out instead of being refused. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process answer again. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Ends the process: its port closes and queries are refused (ICMP port unreachable). */
    void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            resume();
            kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** @return what dnsmasq logged, for failure messages */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** The A records dnsmasq serves now, asked with plain dnsjava; empty for NXDOMAIN or no data. */
    private Set<String> answer(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofSeconds(1));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root),
                Type.A, DClass.IN)));
        Set<String> out = new TreeSet<>();
        if (response.getRcode() == Rcode.NOERROR) {
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    out.add(a.getAddress().getHostAddress());
                }
            }
        }
        return out;
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                answer("ready.test");
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited " + exit);
        }
    }

    /** A port free for both UDP and TCP on loopback right now (dnsmasq binds both). */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            int port;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                port = udp.getLocalPort();
            }
            try (ServerSocket tcp = new ServerSocket(port, 1, loopback)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port on loopback");
    }
}
