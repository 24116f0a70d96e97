package org.ebpflb.lab.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One network namespace, by name, and the ways to act inside it. Nothing here runs in the root namespace: every
 * command is {@code ip -n NAME ...} or {@code ip netns exec NAME ...}.
 *
 * @param name the namespace name as {@code ip netns list} shows it
 */
public record Netns(String name) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param args arguments after {@code ip -n NAME}
     * @return the {@code ip} command acting on this namespace
     */
    public Command ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(Arrays.asList(args));
        return Command.of(argv);
    }

    /**
     * @param argv a command line
     * @return the command run inside this namespace ({@code ip netns exec NAME argv})
     */
    public Command exec(List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(argv);
        return Command.of(full);
    }

    /**
     * @param argv a command line
     * @return the command run inside this namespace
     */
    public Command exec(String... argv) {
        return exec(List.of(argv));
    }

    /**
     * Starts a long-running process inside this namespace in its own process group. Prefer
     * {@link Sandbox#start(Netns, String, List)}, which also stops it at teardown.
     *
     * @param label a short name for messages and log files
     * @param argv the command line
     * @param logDir where its output goes
     * @return the running process
     */
    public NsProcess start(String label, List<String> argv, Path logDir) {
        return NsProcess.start(name, label, argv, logDir);
    }

    /**
     * Reads the checksum-error counters with {@code nstat -azsj} (absolute values; the shared history file is left
     * alone).
     *
     * @return the counters of this namespace
     */
    public ChecksumErrors checksumErrors() {
        String json = exec("nstat", "-azsj", "TcpInCsumErrors", "UdpInCsumErrors").check().stdout();
        try {
            JsonNode kernel = JSON.readTree(json).path("kernel");
            return new ChecksumErrors(counter(kernel, "TcpInCsumErrors"), counter(kernel, "UdpInCsumErrors"));
        } catch (IOException e) {
            throw new CommandFailedException("nstat in " + name + " printed something that is not JSON: " + json);
        }
    }

    /**
     * Tries one TCP connect from inside this namespace.
     *
     * @param address where to connect
     * @param port the port
     * @return whether the three-way handshake completed within a second
     */
    public boolean tcpConnects(InetAddress address, int port) {
        // bash's /dev/tcp does a plain connect(2); the timeout bounds a SYN that is never answered.
        String probe = "exec 3<>/dev/tcp/" + address.getHostAddress() + "/" + port;
        return exec("timeout", "1", "bash", "-c", probe).within(Duration.ofSeconds(5)).run().ok();
    }

    /**
     * Polls a TCP connect from inside this namespace until it succeeds.
     *
     * @param address where to connect
     * @param port the port
     * @param limit how long to keep trying
     * @param server the process expected to listen there, if it was started by the caller: its early exit ends the
     *     wait with its output
     * @throws CommandFailedException when nothing accepts within {@code limit} or the server exits first
     */
    public void awaitTcp(InetAddress address, int port, Duration limit, Optional<NsProcess> server) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!tcpConnects(address, port)) {
            if (server.isPresent() && !server.get().alive()) {
                throw new CommandFailedException(server.get() + " exited before accepting on "
                        + address.getHostAddress() + ":" + port + "; output:" + System.lineSeparator()
                        + server.get().stderrTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("nothing accepted TCP on " + address.getHostAddress() + ":" + port
                        + " from namespace " + name + " within " + limit.toSeconds() + "s"
                        + server.map(s -> "; " + s + " output:" + System.lineSeparator() + s.stderrTail(20))
                                .orElse(""));
            }
            pause(Duration.ofMillis(100));
        }
    }

    /** @return the pids of processes running inside this namespace */
    public List<Long> pids() {
        return Command.of("ip", "netns", "pids", name).run().stdout().lines()
                .map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    @Override
    public String toString() {
        return name;
    }

    private long counter(JsonNode kernel, String field) {
        JsonNode v = kernel.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new CommandFailedException("nstat in " + name + " did not report " + field);
        }
        return v.asLong();
    }

    /**
     * Sleeps; an interrupt ends the wait with {@link CommandFailedException} and keeps the thread's interrupt flag.
     *
     * @param d how long
     */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted");
        }
    }
}
