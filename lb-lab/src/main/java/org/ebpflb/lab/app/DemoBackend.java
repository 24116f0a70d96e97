package org.ebpflb.lab.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ebpflb.api.model.IpAddresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Main class of a demo backend process: runs a {@link BackendServer} until terminated. */
@Command(name = "demo-backend", mixinStandardHelpOptions = true,
        description = "A demo backend: HTTP (/, /health, /stream?seconds=N) and optional UDP echo, answering with its name.")
public final class DemoBackend implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "name the backend answers with, e.g. backend-2")
    String name;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--udp-port", description = "also answer UDP datagrams on this port")
    Integer udpPort;

    @Option(names = "--sick", description = "start with /health answering 503")
    boolean sick;

    /** Creates the command; picocli fills in the options. */
    public DemoBackend() {
        // options are fields set by picocli
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoBackend()).execute(args));
    }

    /**
     * @param name the backend's name
     * @param httpPort its HTTP port
     * @param udpPort its UDP echo port, if any
     * @param sick whether it starts unhealthy
     * @return the command line that runs it in a new JVM
     */
    public static List<String> commandLine(String name, int httpPort, OptionalInt udpPort, boolean sick) {
        List<String> args = new ArrayList<>(List.of("--name", name, "--http-port", Integer.toString(httpPort)));
        udpPort.ifPresent(p -> args.addAll(List.of("--udp-port", Integer.toString(p))));
        if (sick) {
            args.add("--sick");
        }
        return JavaCommand.forMain(DemoBackend.class, args);
    }

    @Override
    public Integer call() throws InterruptedException {
        InetAddress address = IpAddresses.parseLiteral(bind);
        BackendServer server = BackendServer.start(name, new InetSocketAddress(address, httpPort),
                Optional.ofNullable(udpPort).map(p -> new InetSocketAddress(address, p)), sick);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println(name + " listening: http " + bind + ":" + server.httpPort()
                + server.udpPort().stream().mapToObj(p -> ", udp " + bind + ":" + p).findFirst().orElse("")
                + (sick ? " (sick)" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
