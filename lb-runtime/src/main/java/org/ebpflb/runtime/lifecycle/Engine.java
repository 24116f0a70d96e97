package org.ebpflb.runtime.lifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.bpf.KernelBackendSelector;
import org.ebpflb.runtime.config.EventEmission;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.event.AsyncEventBus;
import org.ebpflb.runtime.event.ConnectionEventReader;
import org.ebpflb.runtime.model.RuntimeState;
import org.ebpflb.runtime.pipeline.ModifierErrors;
import org.ebpflb.runtime.pipeline.ModifierRunner;
import org.ebpflb.runtime.pipeline.TargetExpander;
import org.ebpflb.runtime.pipeline.WeightPipeline;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.plugin.PluginManager;
import org.ebpflb.runtime.plugin.PluginServices;
import org.ebpflb.runtime.plugin.PluginStartException;
import org.ebpflb.runtime.reconcile.Reconciler;
import org.ebpflb.runtime.registry.ContributionRegistry;

/**
 * Everything between a validated configuration and the data plane, without the admin API: event bus, executors,
 * plugins, pipeline and reconciler. {@code run} keeps it going; offline {@code explain} and {@code plugins} start
 * it for one round and close it.
 */
public final class Engine implements AutoCloseable {
    private final RuntimeState state;
    private final DataPlane dataPlane;
    private final Clock clock;
    private final ContributionRegistry registry = new ContributionRegistry();
    private final AsyncEventBus events = AsyncEventBus.held();
    private final RuntimeExecutors executors = new RuntimeExecutors();
    private final ModifierErrors modifierErrors = new ModifierErrors();
    private final TargetExpander expander = new TargetExpander(registry::sources);
    private final Reconciler reconciler;
    private final PluginManager plugins;
    private final Optional<ConnectionEventReader> connectionEvents;

    /**
     * @param config the validated configuration
     * @param catalog the discovered plugins
     * @param dataPlane where tables go; closed with the engine
     * @param clock the clock plugins and events use
     * @param timings timeouts and intervals
     */
    public Engine(LbConfig config, PluginCatalog catalog, DataPlane dataPlane, Clock clock, EngineTimings timings) {
        this.dataPlane = dataPlane;
        this.clock = clock;
        this.state = new RuntimeState(config, expand(config));
        WeightPipeline pipeline = new WeightPipeline(expander,
                new ModifierRunner(executors.virtual(), timings.modifierTimeout(), modifierErrors),
                registry::modifiers);
        this.reconciler = new Reconciler(state, pipeline, dataPlane, events, clock, timings.debounce(),
                timings.fullReconcile());
        PluginServices services = new PluginServices(state::model, () -> state.config().plugins(), events,
                executors.scheduler(), executors.virtual(), clock, dataPlane.stats(),
                dataPlane.rateLimits(),
                dataPlane instanceof FlowTable flows ? Optional.of(flows) : Optional.empty(),
                dataPlane instanceof DrainStore drains ? Optional.of(drains) : Optional.empty(),
                new KernelBackendSelector(reconciler::tables),
                new EngineRuntimeInfo(modifierErrors, () -> plugins().records(), registry), reconciler::requestReconcile);
        this.plugins = new PluginManager(catalog, registry, services);
        this.connectionEvents = dataPlane.connectionEvents().map(port -> new ConnectionEventReader(port, events));
    }

    /**
     * Starts the plugins, runs the first full round, and (when {@code loop}) keeps reconciling on events and
     * periodically.
     *
     * @param loop whether to keep reconciling after the first round; a single round is an offline round, in which
     *     plugins contact no backend ({@link org.ebpflb.api.spi.PluginContext#offline()})
     * @throws PluginStartException when a required plugin fails or one refuses to run; the caller closes the engine
     * @throws InterruptedException when interrupted during the first round
     */
    public void start(boolean loop) throws PluginStartException, InterruptedException {
        plugins.startAll(!loop);
        events.release(); // after every plugin subscribed, so none misses what others published while starting
        emitConnectionEvents(state.config());
        reconciler.reconcileNow();
        if (loop) {
            reconciler.start();
        }
    }

    /**
     * Installs a configuration: plugins see it through their context at once, and a reconcile round applies it
     * before this returns.
     *
     * @param config the new, validated configuration
     * @return the services the data plane did not take, with its reason ({@link Reconciler#pending()})
     * @throws InterruptedException when interrupted while the round runs
     */
    public Map<String, String> swapAndApply(LbConfig config) throws InterruptedException {
        state.replaceConfig(config, expand(config));
        emitConnectionEvents(config);
        reconciler.reconcileNow();
        return reconciler.pending();
    }

    /** Tells the data plane which connections of each service to report ({@code events}), before they are applied. */
    private void emitConnectionEvents(LbConfig config) {
        dataPlane.connectionEvents().ifPresent(port -> config.services()
                .forEach(s -> port.emit(s.name(), EventEmission.of(s))));
    }

    /** @return the connection-event reader, when the data plane reports connections */
    public Optional<ConnectionEventReader> connectionEvents() {
        return connectionEvents;
    }

    private List<Target> expand(LbConfig config) {
        List<Target> targets = new ArrayList<>();
        for (ServiceSpec service : config.services()) {
            targets.addAll(expander.expandAll(service));
        }
        return targets;
    }

    /** @return the running configuration and model */
    public RuntimeState state() {
        return state;
    }

    /** @return the data plane */
    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    /** @return plugin contributions */
    public ContributionRegistry registry() {
        return registry;
    }

    /** @return the event bus */
    public AsyncEventBus events() {
        return events;
    }

    /** @return weight-modifier failures per plugin */
    public ModifierErrors modifierErrors() {
        return modifierErrors;
    }

    /** @return the reconciler */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** @return the plugin manager */
    public PluginManager plugins() {
        return plugins;
    }

    /**
     * Stops reconciling (the data plane keeps its last tables), stops plugins, delivers queued events, ends the
     * executors and releases the data plane's handles.
     */
    @Override
    public void close() {
        reconciler.close();
        connectionEvents.ifPresent(ConnectionEventReader::close);
        plugins.stopAll();
        events.close();
        executors.close();
        dataPlane.close();
    }
}
