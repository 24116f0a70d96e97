package org.ebpflb.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ebpflb.lab.demo.DemoBpffs;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.lab.sandbox.SandboxSpec;

/**
 * One fresh sandbox (a client, the load balancer's namespace, one backend running nginx and an iperf3 server) with
 * one system in the middle. Fresh for every system and round: the load balancer keeps the client's address, so a
 * backend would otherwise meet the previous system's TIME_WAIT entries with older TCP timestamps and drop the SYNs
 * (PAWS), which costs a second per connection.
 */
final class BenchTopology implements AutoCloseable {
    /** The HTTP port, on the backend and on the service address. */
    static final int HTTP_PORT = 80;
    /** The iperf3 port, on the backend and on the service address. */
    static final int BULK_PORT = 5201;

    private static final Duration READY = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final Optional<DemoBpffs> bpffs;
    private final InetAddress target;
    private final String middle;

    private BenchTopology(Sandbox sandbox, Optional<DemoBpffs> bpffs, InetAddress target, String middle) {
        this.sandbox = sandbox;
        this.bpffs = bpffs;
        this.target = target;
        this.middle = middle;
    }

    /**
     * Builds the sandbox, starts the backend's servers and the system, and waits until both ports answer through it.
     *
     * @param system what sits between client and backend
     * @param prefix the namespace name prefix
     * @param block the address block
     * @param lbHome the ebpf-lb installation (for the ebpf-lb systems: the baseline's for the baseline)
     * @return the ready topology
     */
    static BenchTopology build(BenchSystem system, String prefix, int block, Path lbHome) {
        Sandbox sandbox = Sandbox.create(new SandboxSpec(prefix, block, 1, 0, true));
        Optional<DemoBpffs> bpffs = Optional.empty();
        try {
            tune(sandbox);
            startBackend(sandbox);
            InetAddress vip = sandbox.addresses().vip();
            // the process in the middle, if there is one: its early exit ends the wait below with its output
            Optional<NsProcess> middle = Optional.empty();
            InetAddress target = vip;
            String description = system.label();
            switch (system) {
                case DIRECT -> target = sandbox.addresses().backendAddress(1);
                case NFTABLES -> nftables(sandbox);
                case HAPROXY -> middle = Optional.of(haproxy(sandbox));
                case EBPF_LB_AUTO, EBPF_LB_NATIVE, EBPF_LB_GENERIC, EBPF_LB_BASELINE -> {
                    bpffs = Optional.of(DemoBpffs.mount(Files.createTempDirectory("lbbench-bpffs")));
                    DemoLoadBalancer lb = ebpfLb(sandbox, lbHome, bpffs.get().dir(), system.xdpMode().orElseThrow());
                    middle = Optional.of(lb.process());
                    description = dataPlane(lb);
                }
            }
            for (int port : List.of(HTTP_PORT, BULK_PORT)) {
                sandbox.client().awaitTcp(target, port, READY, middle);
            }
            return new BenchTopology(sandbox, bpffs, target, description);
        } catch (IOException | RuntimeException e) {
            closeQuietly(sandbox, bpffs, e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** @return what carries the traffic, for ebpf-lb as its status says (e.g. the XDP mode per interface) */
    String middle() {
        return middle;
    }

    /** @return the client's namespace */
    Netns client() {
        return sandbox.client();
    }

    /** @return the address the client connects to */
    InetAddress target() {
        return target;
    }

    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            bpffs.ifPresent(DemoBpffs::close);
        }
    }

    // Enough ports and backlog that neither the client nor the backend is what limits new connections.
    private static void tune(Sandbox sandbox) {
        for (Netns ns : List.of(sandbox.client(), sandbox.lb())) {
            ns.exec("sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65535").check();
            ns.exec("sysctl", "-qw", "net.ipv4.tcp_tw_reuse=1").check();
        }
        for (Netns ns : List.of(sandbox.backend(1), sandbox.lb())) {
            ns.exec("sysctl", "-qw", "net.core.somaxconn=4096").check();
            ns.exec("sysctl", "-qw", "net.ipv4.tcp_max_syn_backlog=4096").check();
        }
    }

    private static void startBackend(Sandbox sandbox) {
        Netns backend = sandbox.backend(1);
        String address = sandbox.addresses().backendAddress(1).getHostAddress();
        Path conf = write(sandbox.workDir().resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log stderr warn;
                events { worker_connections 8192; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/nginx-body;
                    server {
                        listen %2$s:%3$d backlog=4096;
                        location / { return 200 "ok\\n"; }
                    }
                }
                """.formatted(sandbox.workDir(), address, HTTP_PORT));
        NsProcess nginx = sandbox.start(backend, "nginx", List.of("nginx", "-e", "stderr", "-c", conf.toString(),
                "-p", sandbox.workDir().toString()));
        NsProcess iperf = sandbox.start(backend, "iperf3", List.of("iperf3", "-s", "-B", address,
                "-p", Integer.toString(BULK_PORT)));
        backend.awaitTcp(sandbox.addresses().backendAddress(1), HTTP_PORT, READY, Optional.of(nginx));
        backend.awaitTcp(sandbox.addresses().backendAddress(1), BULK_PORT, READY, Optional.of(iperf));
    }

    private static void nftables(Sandbox sandbox) {
        Path rules = write(sandbox.workDir().resolve("dnat.nft"), """
                table ip lbbench {
                    chain prerouting {
                        type nat hook prerouting priority dstnat;
                        ip daddr %s tcp dport { %d, %d } dnat to %s
                    }
                }
                """.formatted(sandbox.addresses().vip().getHostAddress(), HTTP_PORT, BULK_PORT,
                sandbox.addresses().backendAddress(1).getHostAddress()));
        sandbox.lb().exec("nft", "-f", rules.toString()).check();
    }

    private static NsProcess haproxy(Sandbox sandbox) {
        String vip = sandbox.addresses().vip().getHostAddress();
        String backend = sandbox.addresses().backendAddress(1).getHostAddress();
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 8000
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                """);
        for (int port : List.of(HTTP_PORT, BULK_PORT)) {
            cfg.append("""
                    listen p%1$d
                        bind %2$s:%1$d
                        server backend %3$s:%1$d
                    """.formatted(port, vip, backend));
        }
        Path conf = write(sandbox.workDir().resolve("haproxy.cfg"), cfg.toString());
        return sandbox.start(sandbox.lb(), "haproxy", List.of("haproxy", "-db", "-f", conf.toString()));
    }

    private static String dataPlane(DemoLoadBalancer lb) {
        String status = lb.adminGet("/api/v1/status").orElseThrow(
                () -> new CommandFailedException("the load balancer's status did not answer"));
        try {
            return "ebpf-lb, data plane: " + JSON.readTree(status).path("dataPlane").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("the load balancer's status is not JSON: " + status, e);
        }
    }

    private static DemoLoadBalancer ebpfLb(Sandbox sandbox, Path lbHome, Path pinRoot, String xdpMode) {
        String vip = sandbox.addresses().vip().getHostAddress();
        String backend = sandbox.addresses().backendAddress(1).getHostAddress();
        String interfaces = '"' + String.join("\", \"", sandbox.lbClientDevices()) + '"';
        StringBuilder services = new StringBuilder();
        for (int port : List.of(HTTP_PORT, BULK_PORT)) {
            services.append("""
                        { name = "p%1$d", listen { interfaces = [%2$s], address = "%3$s", port = %1$d }
                          targets = [ { ip = "%4$s", port = %1$d } ] }
                    """.formatted(port, interfaces, vip, backend));
        }
        Path conf = write(sandbox.workDir().resolve("lb.conf"), """
                lb {
                  instance = "bench"
                  dataplane { pin-root = "%s", xdp-mode = %s }
                  services = [
                %s  ]
                }
                """.formatted(pinRoot, xdpMode, services));
        DemoLoadBalancer lb = DemoLoadBalancer.start(sandbox, lbHome, conf);
        lb.awaitAdmin(READY);
        return lb;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void closeQuietly(Sandbox sandbox, Optional<DemoBpffs> bpffs, Exception cause) {
        try {
            new BenchTopology(sandbox, bpffs, sandbox.addresses().vip(), "").close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
