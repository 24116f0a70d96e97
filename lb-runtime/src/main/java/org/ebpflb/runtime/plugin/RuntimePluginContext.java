package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.RuntimeInfo;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.registry.ContributionRegistry;

/** The {@link PluginContext} the runtime lends one plugin: shared services plus registration under its id. */
final class RuntimePluginContext implements PluginContext {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

    private final String pluginId;
    private final Declarations declarations;
    private final Config defaults;
    private final PluginServices services;
    private final ContributionRegistry registry;
    private final boolean offline;
    private volatile Merged merged;

    /**
     * @param declarations what the plugin declares; registering anything else fails
     * @param defaults the plugin's own defaults
     * @param services what every plugin shares
     * @param registry where registrations go
     * @param offline whether this is an offline round
     */
    RuntimePluginContext(Declarations declarations, Config defaults, PluginServices services,
                         ContributionRegistry registry, boolean offline) {
        this.offline = offline;
        this.pluginId = declarations.pluginId();
        this.declarations = declarations;
        this.defaults = defaults;
        this.services = services;
        this.registry = registry;
    }

    @Override
    public Config config() {
        Config operator = services.operatorPlugins().get();
        Merged m = merged;
        if (m == null || m.operator() != operator) { // merge again only after a reload
            m = new Merged(operator, PluginSettings.of(pluginId, operator, defaults).config());
            merged = m;
        }
        return m.config();
    }

    @Override
    public ServiceModel model() {
        return services.model().get();
    }

    @Override
    public EventBus events() {
        return services.events();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return services.scheduler();
    }

    @Override
    public ExecutorService executor() {
        return services.executor();
    }

    @Override
    public Clock clock() {
        return services.clock();
    }

    @Override
    public DataPlaneStats stats() {
        return services.stats();
    }

    @Override
    public Optional<RateLimits> rateLimits() {
        return services.rateLimits();
    }

    @Override
    public Optional<FlowTable> flows() {
        return services.flows();
    }

    @Override
    public Optional<DrainStore> drainStore() {
        return services.drainStore();
    }

    @Override
    public RuntimeInfo runtime() {
        return services.runtime();
    }

    @Override
    public BackendSelector backendSelector() {
        return services.backendSelector();
    }

    @Override
    public void register(WeightModifier modifier) {
        declarations.check(Objects.requireNonNull(modifier, "modifier"));
        registry.addModifier(pluginId, modifier);
    }

    @Override
    public void register(TargetSource source) {
        declarations.check(Objects.requireNonNull(source, "source"));
        registry.addSource(pluginId, source);
    }

    @Override
    public void register(AdminRoute route) {
        Objects.requireNonNull(route, "route");
        if (!METHODS.contains(route.method().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("admin route method " + route.method() + " is not one of " + METHODS);
        }
        if (!route.path().startsWith("/api/")) {
            throw new IllegalArgumentException("admin route path " + route.path() + " must start with /api/");
        }
        declarations.check(route);
        registry.addRoute(pluginId, route);
    }

    @Override
    public void register(StatusProvider status) {
        declarations.check(Objects.requireNonNull(status, "status"));
        registry.addStatus(pluginId, status);
    }

    @Override
    public boolean offline() {
        return offline;
    }

    @Override
    public void requestReconcile() {
        services.requestReconcile().run();
    }

    private record Merged(Config operator, Config config) {
    }
}
