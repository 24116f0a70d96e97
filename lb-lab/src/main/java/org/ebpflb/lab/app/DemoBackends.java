package org.ebpflb.lab.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * One {@link DemoBackend} JVM in each backend namespace of a sandbox, named {@code backend-1}, {@code backend-2}, ...
 * Readiness is a TCP connect from inside the backend's own namespace. The sandbox's teardown stops them.
 */
public final class DemoBackends {
    /** The demo's backend HTTP port. */
    public static final int HTTP_PORT = 8080;
    /** How long a backend JVM may take to accept connections. */
    public static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    private final Sandbox sandbox;
    private final int httpPort;
    private final OptionalInt udpPort;
    private final Map<Integer, NsProcess> running = new HashMap<>();
    private final Map<Integer, Integer> starts = new HashMap<>();

    private DemoBackends(Sandbox sandbox, int httpPort, OptionalInt udpPort) {
        this.sandbox = sandbox;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
    }

    /**
     * Starts every backend at once, then waits for each to accept.
     *
     * @param sandbox the sandbox
     * @param httpPort HTTP port of every backend
     * @param udpPort UDP echo port of every backend, if wanted
     * @return the running backends
     */
    public static DemoBackends start(Sandbox sandbox, int httpPort, OptionalInt udpPort) {
        DemoBackends b = new DemoBackends(sandbox, httpPort, udpPort);
        List<Integer> all = IntStream.rangeClosed(1, sandbox.addresses().backends()).boxed().toList();
        all.forEach(b::launch);
        all.forEach(b::awaitReady);
        return b;
    }

    /**
     * @param backend 1..backends
     * @return its name, e.g. "backend-2"
     */
    public static String name(int backend) {
        return "backend-" + backend;
    }

    /**
     * @param backend 1..backends
     * @return its HTTP endpoint
     */
    public Endpoint http(int backend) {
        return new Endpoint(sandbox.addresses().backendAddress(backend), httpPort);
    }

    /**
     * @param backend 1..backends
     * @return its UDP echo endpoint
     * @throws IllegalStateException when UDP echo was not started
     */
    public Endpoint udp(int backend) {
        int port = udpPort.orElseThrow(() -> new IllegalStateException("backends run without UDP echo"));
        return new Endpoint(sandbox.addresses().backendAddress(backend), port);
    }

    /**
     * @param backend 1..backends
     * @return whether its process runs
     */
    public synchronized boolean running(int backend) {
        NsProcess p = running.get(backend);
        return p != null && p.alive();
    }

    /**
     * Stops one backend (its whole process group), as a crash or an operator would.
     *
     * @param backend 1..backends
     */
    public synchronized void stop(int backend) {
        NsProcess p = running.remove(backend);
        if (p != null) {
            p.stop(Duration.ofSeconds(5));
        }
    }

    /**
     * Starts a stopped backend again and waits until it accepts.
     *
     * @param backend 1..backends
     */
    public void restart(int backend) {
        stop(backend);
        launch(backend);
        awaitReady(backend);
    }

    private synchronized void launch(int backend) {
        int n = starts.merge(backend, 1, Integer::sum);
        String label = n == 1 ? name(backend) : name(backend) + ".start" + n; // a restart keeps the first log
        running.put(backend, sandbox.start(sandbox.backend(backend), label,
                DemoBackend.commandLine(name(backend), httpPort, udpPort, false)));
    }

    private void awaitReady(int backend) {
        NsProcess p;
        synchronized (this) {
            p = running.get(backend);
        }
        sandbox.backend(backend).awaitTcp(sandbox.addresses().backendAddress(backend), httpPort, STARTUP_LIMIT,
                Optional.of(p));
    }
}
