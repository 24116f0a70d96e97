package org.ebpflb.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.RuntimeInfo;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightModifier;

/**
 * A {@link PluginContext} for unit tests: real executors, a given clock and model, a {@link RecordingEventBus}, zero
 * counters unless a test sets its own, runtime version "test" without plugin errors unless set, and lists of whatever
 * the plugin registered. Close it to stop the executors.
 */
public final class TestPluginContext implements PluginContext, AutoCloseable {
    private final Config config;
    private volatile ServiceModel model;
    private final Clock clock;
    private final RecordingEventBus events = new RecordingEventBus();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger reconcileRequests = new AtomicInteger();
    private volatile boolean offline;
    private volatile Optional<RateLimits> rateLimits = Optional.empty();
    private volatile DataPlaneStats stats = new ZeroStats();
    private volatile RuntimeInfo runtime = new FixedRuntimeInfo("test", Map.of());

    /** Modifiers the plugin registered. */
    public final List<WeightModifier> modifiers = new CopyOnWriteArrayList<>();
    /** Target sources the plugin registered. */
    public final List<TargetSource> sources = new CopyOnWriteArrayList<>();
    /** Admin routes the plugin registered. */
    public final List<AdminRoute> routes = new CopyOnWriteArrayList<>();
    /** Status sections the plugin registered. */
    public final List<StatusProvider> statuses = new CopyOnWriteArrayList<>();

    /**
     * @param pluginConfig the plugin's settings, already merged with its reference.conf by the caller
     * @param model the services the plugin sees
     * @param clock the clock
     */
    public TestPluginContext(Config pluginConfig, ServiceModel model, Clock clock) {
        this.config = pluginConfig;
        this.model = model;
        this.clock = clock;
    }

    /**
     * @param model the services the plugin sees
     * @return a context with empty plugin settings and the system clock
     */
    public static TestPluginContext of(ServiceModel model) {
        return new TestPluginContext(ConfigFactory.empty(), model, Clock.systemUTC());
    }

    /** @param model replaces the model, as a reload would */
    public void setModel(ServiceModel model) {
        this.model = model;
    }

    /** @param offline what {@link #offline()} answers: true to test the plugin in an offline round */
    public void setOffline(boolean offline) {
        this.offline = offline;
    }

    @Override
    public boolean offline() {
        return offline;
    }

    /** @param port what {@link #rateLimits()} returns from now on, as a data plane that enforces limits lends it */
    public void setRateLimits(RateLimits port) {
        this.rateLimits = Optional.of(port);
    }

    /** @param stats what {@link #stats()} answers from now on */
    public void setStats(DataPlaneStats stats) {
        this.stats = stats;
    }

    /** @param runtime what {@link #runtime()} answers from now on */
    public void setRuntime(RuntimeInfo runtime) {
        this.runtime = runtime;
    }

    /** @return how often the plugin asked for a reconcile */
    public int reconcileRequests() {
        return reconcileRequests.get();
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public RecordingEventBus events() {
        return events;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public DataPlaneStats stats() {
        return stats;
    }

    @Override
    public RuntimeInfo runtime() {
        return runtime;
    }

    @Override
    public Optional<RateLimits> rateLimits() {
        return rateLimits;
    }

    @Override
    public BackendSelector backendSelector() {
        return (service, group, client, clientPort) -> Optional.empty();
    }

    @Override
    public void register(WeightModifier modifier) {
        modifiers.add(modifier);
    }

    @Override
    public void register(TargetSource source) {
        sources.add(source);
    }

    @Override
    public void register(AdminRoute route) {
        routes.add(route);
    }

    @Override
    public void register(StatusProvider status) {
        statuses.add(status);
    }

    @Override
    public void requestReconcile() {
        reconcileRequests.incrementAndGet();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    /** Counters that are all zero. */
    private static final class ZeroStats implements DataPlaneStats {
        @Override
        public TrafficCounters service(String service) {
            return TrafficCounters.ZERO;
        }

        @Override
        public Map<org.ebpflb.api.model.Endpoint, TrafficCounters> targets(String service) {
            return Map.of();
        }

        @Override
        public Map<String, Long> drops() {
            return Map.of();
        }
    }

    /**
     * A runtime that answers given values.
     *
     * @param version the version
     * @param pluginErrors failures per plugin id
     */
    public record FixedRuntimeInfo(String version, Map<String, Long> pluginErrors) implements RuntimeInfo {
        /** Copies the map. */
        public FixedRuntimeInfo {
            pluginErrors = Map.copyOf(pluginErrors);
        }
    }
}
