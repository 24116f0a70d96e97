package org.ebpflb.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * A real BIND 9 ({@code named -g}, package bind9) inside one namespace, primary for {@value #ZONE} with a dynamic
 * zone: the key {@value #KEY} may change any name in it ({@code update-policy { grant KEY zonesub ANY; }}). It listens
 * on one IPv4 or IPv6 address and runs as root from a directory of its own (no {@code -u}: that directory is not
 * readable by user bind), with rndc off and TTL and negative TTL of {@value #TTL_SECONDS}s, so a removed record
 * disappears from answers at once.
 */
final class NamespaceBind implements AutoCloseable {
    static final String ZONE = "lb.test";
    static final String KEY = "lb-update";
    static final int TTL_SECONDS = 5;
    private static final Path BINARY = Path.of("/usr/sbin/named");

    private final InetAddress address;
    private final int port;
    private final Path secretFile;
    private final NsProcess process;

    private NamespaceBind(InetAddress address, int port, Path secretFile, NsProcess process) {
        this.address = address;
        this.port = port;
        this.secretFile = secretFile;
        this.process = process;
    }

    /** What a test does with a server in its own namespace. */
    @FunctionalInterface
    interface Use {
        /**
         * @param ns the namespace, with loopback up
         * @param bind the server, on port 53
         */
        void accept(Netns ns, NamespaceBind bind) throws Exception;
    }

    /**
     * Creates a namespace (removing a stale one of the name first) with its loopback up, starts the server in it on
     * port 53, hands both to the test, and then removes the namespace and the server's files, also on failure.
     *
     * @param name the namespace
     * @param address a loopback address for the server: 127.0.0.1 or ::1
     * @param use the test
     */
    static void inOwnNamespace(String name, InetAddress address, Use use) throws Exception {
        Sandbox.sweepStale(name);
        Path dir = Files.createTempDirectory(name + "-");
        Netns ns = new Netns(name);
        Command.of("ip", "netns", "add", name).check();
        try {
            ns.ip("link", "set", "lo", "up").check();
            try (NamespaceBind bind = start(ns, dir, address, 53)) {
                use.accept(ns, bind);
            }
        } finally {
            Command.of("ip", "netns", "delete", name).run();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Writes the configuration, starts named and waits until it answers.
     *
     * @param ns where it runs
     * @param dir an empty directory for its files
     * @param address the address it listens on, inside {@code ns}
     * @param port its port
     * @return the running server
     */
    static NamespaceBind start(Netns ns, Path dir, InetAddress address, int port) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("the dns-registration tests need BIND 9 at " + BINARY
                    + ": apt-get install bind9");
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String secret = Base64.getEncoder().encodeToString(raw);
        Path secretFile = Files.writeString(dir.resolve("tsig.secret"), secret + "\n");
        String ip = IpAddresses.format(address);
        boolean v6 = AddressFamily.of(address) == AddressFamily.IPV6;
        Files.writeString(dir.resolve("named.conf"), """
                options {
                  directory "%1$s";
                  listen-on port %2$d { %3$s; };
                  listen-on-v6 port %2$d { %7$s; };
                  pid-file "%1$s/named.pid";
                  session-keyfile "%1$s/session.key";
                  managed-keys-directory "%1$s";
                  recursion no;
                  dnssec-validation no;
                  notify no;
                };
                controls { };
                key "%4$s" { algorithm hmac-sha256; secret "%5$s"; };
                zone "%6$s" {
                  type primary;
                  file "%1$s/%6$s.zone";
                  update-policy { grant %4$s zonesub ANY; };
                };
                """.formatted(dir, port, v6 ? "none" : ip, KEY, secret, ZONE, v6 ? ip : "none"));
        Files.writeString(dir.resolve(ZONE + ".zone"), """
                $TTL %1$d
                @ IN SOA ns.%2$s. admin.%2$s. 1 60 60 3600 %1$d
                @ IN NS ns.%2$s.
                ns IN %4$s %3$s
                """.formatted(TTL_SECONDS, ZONE, ip, v6 ? "AAAA" : "A"));
        NsProcess p = ns.start("named", List.of(BINARY.toString(), "-g", "-c", dir.resolve("named.conf").toString()),
                dir);
        ns.awaitTcp(address, port, Duration.ofSeconds(20), Optional.of(p));
        return new NamespaceBind(address, port, secretFile, p);
    }

    /** @return {@code ip:port} or {@code [ip]:port}, as {@code lb.plugins.dns-registration.server} takes it */
    String server() {
        return IpAddresses.withPort(address, port);
    }

    /** @return the file holding the update key's secret */
    Path secretFile() {
        return secretFile;
    }

    /**
     * Asks the server for the A records of a name, from inside a namespace, as a client would.
     *
     * @param from where {@code dig} runs
     * @param name a name in {@value #ZONE}
     * @return its addresses, sorted
     */
    Set<String> addresses(Netns from, String name) {
        return addresses(from, name, "A");
    }

    /**
     * @param from where {@code dig} runs
     * @param name a name in {@value #ZONE}
     * @param type {@code A} or {@code AAAA}
     * @return its records of that type, sorted, as dig prints them
     */
    Set<String> addresses(Netns from, String name, String type) {
        String out = from.exec("dig", "+short", "+tcp", "+time=2", "+tries=1", "-p", Integer.toString(port),
                "@" + IpAddresses.format(address), name, type).within(Duration.ofSeconds(10)).check().stdout();
        return new TreeSet<>(out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** @return the tail of its log, for failure messages */
    String log() {
        return process.stderrTail(30);
    }

    /** Stops named (it takes a second or two to exit cleanly). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
