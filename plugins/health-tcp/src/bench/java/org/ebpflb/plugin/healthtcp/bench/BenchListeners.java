package org.ebpflb.plugin.healthtcp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The probed side of the benchmark, run inside the listener namespace: one process, one selector thread, a listening
 * socket per target ({@code --ports} consecutive ports on each {@code --address}) that accepts each connection and
 * closes it at once. A control socket takes one line per connection: {@code close ADDRESS} closes that address's
 * listening sockets (later connects are refused), {@code open ADDRESS} opens them again; the reply is
 * {@code closed N} / {@code opened N} once the sockets are really closed or listening. It exits by itself after
 * {@code --lifetime}, so it never outlives a benchmark that died.
 */
@Command(name = "bench-listeners", mixinStandardHelpOptions = true,
        description = "Accept-and-close TCP listeners for the health probing benchmark.")
public final class BenchListeners implements Callable<Integer> {
    private static final int BACKLOG = 128;
    private static final int CONTROL_READ_TIMEOUT_MS = 5_000;

    @Option(names = "--address", split = ",", required = true, description = "listening addresses")
    private List<String> addresses;

    @Option(names = "--first-port", required = true, description = "first port on each address")
    private int firstPort;

    @Option(names = "--ports", required = true, description = "consecutive ports on each address")
    private int ports;

    @Option(names = "--control", required = true, description = "ip:port of the control socket")
    private String control;

    @Option(names = "--lifetime", defaultValue = "600", description = "seconds until it exits by itself")
    private long lifetimeSeconds;

    private final Map<String, List<ServerSocketChannel>> listening = new LinkedHashMap<>();
    private Selector selector;
    private long accepted;

    /** Not for use: picocli builds it from the command line. */
    public BenchListeners() {
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchListeners()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        selector = Selector.open();
        ServerSocketChannel controlChannel = ServerSocketChannel.open();
        Endpoint controlAt = Endpoint.parse(control);
        controlChannel.bind(new InetSocketAddress(controlAt.address(), controlAt.port()));
        controlChannel.configureBlocking(false);
        controlChannel.register(selector, SelectionKey.OP_ACCEPT, controlChannel);
        int opened = 0;
        for (String address : addresses) {
            opened += open(address);
        }
        System.out.println("listening on " + opened + " ports (" + addresses.size() + " addresses x " + ports
                + "), control " + control);
        System.out.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(lifetimeSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            selector.select(1_000);
            List<SocketChannel> commands = new ArrayList<>();
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                ServerSocketChannel server = (ServerSocketChannel) key.channel();
                SocketChannel c;
                while ((c = server.accept()) != null) {
                    if (key.attachment() == controlChannel) {
                        commands.add(c);
                    } else {
                        accepted++;
                        c.close();
                    }
                }
            }
            selector.selectedKeys().clear();
            for (SocketChannel c : commands) {
                command(c);
            }
        }
        System.out.println("lifetime of " + lifetimeSeconds + " s over after " + accepted + " accepted connections");
        return 0;
    }

    private void command(SocketChannel channel) throws IOException {
        channel.configureBlocking(true);
        try (Socket socket = channel.socket()) {
            socket.setSoTimeout(CONTROL_READ_TIMEOUT_MS);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            String reply = line == null ? "error: empty command" : execute(line.strip());
            OutputStream out = socket.getOutputStream();
            out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println(line + " -> " + reply + " (" + accepted + " accepted so far)");
            System.out.flush();
        }
    }

    private String execute(String line) throws IOException {
        String[] words = line.split("\\s+");
        if (words.length != 2 || !addresses.contains(words[1])) {
            return "error: expected 'close ADDRESS' or 'open ADDRESS' with one of " + addresses + ", got '" + line
                    + "'";
        }
        return switch (words[0]) {
            case "close" -> "closed " + close(words[1]);
            case "open" -> "opened " + open(words[1]);
            default -> "error: unknown command '" + words[0] + "'";
        };
    }

    private int open(String address) throws IOException {
        if (listening.containsKey(address)) {
            return 0;
        }
        InetAddress ip = IpAddresses.parseLiteral(address);
        List<ServerSocketChannel> channels = new ArrayList<>(ports);
        for (int p = firstPort; p < firstPort + ports; p++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(ip, p), BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            channels.add(server);
        }
        listening.put(address, channels);
        return channels.size();
    }

    private int close(String address) throws IOException {
        List<ServerSocketChannel> channels = listening.remove(address);
        if (channels == null) {
            return 0;
        }
        for (ServerSocketChannel server : channels) {
            server.close();
        }
        // a channel registered with a selector keeps its socket until the selector deregisters the cancelled key
        selector.selectNow();
        selector.selectedKeys().clear();
        return channels.size();
    }
}
