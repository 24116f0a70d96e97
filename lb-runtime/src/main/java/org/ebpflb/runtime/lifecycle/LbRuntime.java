package org.ebpflb.runtime.lifecycle;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
 * A running load balancer (docs/ARCHITECTURE.md): load config, load plugins, validate, open the data plane,
 * start plugins, reconcile, serve the admin API. Closing it stops everything in reverse; the data plane keeps its
 * tables (pinned kernel state outlives the process).
 */
public final class LbRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LbRuntime.class);

    private final Engine engine;
    private final Reloader reloader;
    private final AdminServer admin;

    private LbRuntime(Engine engine, Reloader reloader, AdminServer admin) {
        this.engine = engine;
        this.reloader = reloader;
        this.admin = admin;
    }

    /**
     * @param file the configuration file
     * @param clock the clock
     * @param timings engine timeouts and intervals
     * @return the running instance
     * @throws StartupException with the operator's message and the exit code
     */
    public static LbRuntime start(Path file, Clock clock, EngineTimings timings) throws StartupException {
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
        try {
            AdminServer.check(config.admin());
        } catch (AdminStartException e) {
            throw new StartupException(StartupException.BAD_INPUT, e.getMessage());
        }
        Engine engine = new Engine(config, loaded.catalog(), openDataPlane(config), clock, timings);
        try {
            engine.start(true);
            Reloader reloader = new Reloader(file, loaded.catalog(),
                    loaded.catalog().enabledInstances(loaded.settings().operatorPlugins()), engine);
            AdminServer admin = AdminServer.start(config.admin(),
                    new RuntimeAdminBackend(engine, reloader, startedAt));
            log.info("ebpf-lb {} instance {} running: {} services, data plane: {}", RuntimeVersion.ebpfLb(),
                    config.instance(), config.services().size(), engine.dataPlane().description());
            return new LbRuntime(engine, reloader, admin);
        } catch (PluginStartException | AdminStartException e) {
            engine.close();
            throw new StartupException(StartupException.RUNTIME_FAILURE, e.getMessage());
        } catch (InterruptedException e) {
            engine.close();
            Thread.currentThread().interrupt();
            throw new StartupException(StartupException.RUNTIME_FAILURE, "interrupted while starting");
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static DataPlane openDataPlane(LbConfig config) throws StartupException {
        DataPlane dataPlane;
        try {
            dataPlane = DataPlaneFactory.open(config);
        } catch (RuntimeException e) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, "cannot open the data plane: " + e);
        }
        if (!DataPlaneFactory.forwardsPackets(dataPlane)) {
            log.warn("data plane: {} (dataplane.kind = recording); no traffic is balanced.",
                    dataPlane.description());
        }
        return dataPlane;
    }

    /** @return the admin API's bound address */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** @return the engine, for status and tests */
    public Engine engine() {
        return engine;
    }

    /** @return the outcome of re-reading the configuration file (what SIGHUP does) */
    public ReloadView reload() {
        return reloader.reload();
    }

    /** Stops the admin API, the reconciler and the plugins, and releases the data plane's handles. */
    @Override
    public void close() {
        log.info("stopping");
        admin.close();
        engine.close();
        log.info("stopped; the data plane keeps its last tables");
    }
}
