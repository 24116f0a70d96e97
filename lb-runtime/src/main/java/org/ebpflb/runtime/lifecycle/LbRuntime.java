package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.admin.AdminServer;
import org.ebpflb.runtime.admin.AdminStartException;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.dataplane.DataPlaneFactory;
import org.ebpflb.runtime.plugin.PluginLoadException;
import org.ebpflb.runtime.plugin.PluginStartException;
import org.ebpflb.runtime.view.ReloadView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running load balancer (docs/ARCHITECTURE.md, docs/OPERATING.md): load and validate the configuration and plugins; for the kernel data
 * plane check the capabilities and take the instance lock; bind the admin port; only then open the data plane, start
 * plugins, reconcile (a service the data plane refuses at start stops the start), serve the admin API and, with
 * {@code lb.reload.watch}, watch the file. Closing it stops everything in reverse; the data plane keeps its tables
 * (pinned kernel state outlives the process).
 */
public final class LbRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LbRuntime.class);

    private final Engine engine;
    private final Reloader reloader;
    private final AdminServer admin;
    private final Optional<ConfigWatcher> watcher;
    private final Optional<InstanceLock> lock;

    private LbRuntime(Engine engine, Reloader reloader, AdminServer admin, Optional<ConfigWatcher> watcher,
                      Optional<InstanceLock> lock) {
        this.engine = engine;
        this.reloader = reloader;
        this.admin = admin;
        this.watcher = watcher;
        this.lock = lock;
    }

    /**
     * @param file the configuration file
     * @param clock the clock
     * @param timings engine timeouts and intervals
     * @param options the command line's flags
     * @return the running instance
     * @throws StartupException with the operator's message and the exit code
     */
    public static LbRuntime start(Path file, Clock clock, EngineTimings timings, RunOptions options)
            throws StartupException {
        Instant startedAt = clock.instant();
        LoadedConfig loaded;
        try {
            loaded = LoadedConfig.load(file);
        } catch (PluginLoadException e) {
            throw new StartupException(StartupException.BAD_INPUT, e.getMessage());
        }
        if (!loaded.result().problems().isEmpty()) {
            throw new StartupException(StartupException.BAD_INPUT, loaded.result().problems().stream()
                    .map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        }
        LbConfig config = loaded.result().config().orElseThrow();
        Optional<InstanceLock> lock = Optional.empty();
        if (DataPlaneFactory.isKernel(config)) {
            Capabilities.require();
            lock = Optional.of(InstanceLock.acquire(InstanceLock.DIR, config.dataplane().pinRoot()
                    .resolve("ebpf-lb").resolve(config.instance()), config.instance()));
        }
        List<AutoCloseable> opened = new ArrayList<>(lock.stream().toList());
        try {
            AdminServer admin = bindAdmin(config);
            opened.add(admin);
            Engine engine = new Engine(config, loaded.catalog(), openDataPlane(config, options), clock, timings);
            opened.add(engine);
            engine.start(true);
            refuseUnapplied(engine.reconciler().pending());
            Reloader reloader = new Reloader(file, loaded.catalog(),
                    loaded.catalog().enabledInstances(loaded.settings().operatorPlugins()), engine);
            admin.serve(new RuntimeAdminBackend(engine, reloader, startedAt));
            Optional<ConfigWatcher> watcher = Optional.empty();
            if (config.reload().watch()) {
                watcher = Optional.of(ConfigWatcher.start(file, ConfigWatcher.DEBOUNCE,
                        () -> reloader.reload(ReloadRequest.FILE_WATCH)));
            }
            log.info("ebpf-lb {} instance {} running: {} services, data plane: {}", RuntimeVersion.ebpfLb(),
                    config.instance(), config.services().size(), engine.dataPlane().description());
            return new LbRuntime(engine, reloader, admin, watcher, lock);
        } catch (PluginStartException e) {
            closeAll(opened);
            throw new StartupException(StartupException.RUNTIME_FAILURE, e.getMessage());
        } catch (IOException e) {
            closeAll(opened);
            throw new StartupException(StartupException.RUNTIME_FAILURE, "cannot watch " + file + ": " + e);
        } catch (InterruptedException e) {
            closeAll(opened);
            Thread.currentThread().interrupt();
            throw new StartupException(StartupException.RUNTIME_FAILURE, "interrupted while starting");
        } catch (StartupException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static AdminServer bindAdmin(LbConfig config) throws StartupException {
        try {
            return AdminServer.bind(config.admin());
        } catch (AdminStartException e) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, e.getMessage());
        }
    }

    private static DataPlane openDataPlane(LbConfig config, RunOptions options) throws StartupException {
        DataPlane dataPlane;
        try {
            dataPlane = DataPlaneFactory.open(config, options.takeOver());
        } catch (RuntimeException e) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, "cannot open the data plane: "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        if (!DataPlaneFactory.forwardsPackets(dataPlane)) {
            log.warn("data plane: {} (dataplane.kind = recording); no traffic is balanced.",
                    dataPlane.description());
        }
        return dataPlane;
    }

    /** A start that the data plane refuses in part would run with weights nobody installed: stop instead. */
    private static void refuseUnapplied(Map<String, String> pending) throws StartupException {
        if (!pending.isEmpty()) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, pending.entrySet().stream()
                    .map(e -> "the data plane refused service " + e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n")));
        }
    }

    /** Closes in reverse order of opening. */
    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                log.warn("closing after a failed start failed", e);
            }
        }
    }

    /** @return the admin API's bound address */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** @return the engine, for status and tests */
    public Engine engine() {
        return engine;
    }

    /**
     * @param request who asks, and what it allows
     * @return the outcome of re-reading the configuration file, once applied or refused
     */
    public ReloadView reload(ReloadRequest request) {
        return reloader.reload(request);
    }

    /** Stops the file watch, the admin API, the reconciler and the plugins, releases the data plane and the lock. */
    @Override
    public void close() {
        log.info("stopping");
        watcher.ifPresent(ConfigWatcher::close);
        admin.close();
        engine.close();
        lock.ifPresent(InstanceLock::close);
        log.info("stopped; the data plane keeps its last tables");
    }
}
