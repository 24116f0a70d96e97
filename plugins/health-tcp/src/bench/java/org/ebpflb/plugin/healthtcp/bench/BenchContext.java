package org.ebpflb.plugin.healthtcp.bench;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.RuntimeInfo;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.testkit.TestPluginContext;

/**
 * lb-testkit's {@link TestPluginContext} (its scheduler, virtual-thread executor, clock, model and registrations) with
 * the benchmark's {@link MeasuringEventBus} in place of its recording bus.
 */
final class BenchContext implements PluginContext {
    private final TestPluginContext context;
    private final MeasuringEventBus events;

    /**
     * @param context everything but the event bus
     * @param events the event bus
     */
    BenchContext(TestPluginContext context, MeasuringEventBus events) {
        this.context = context;
        this.events = events;
    }

    @Override
    public Config config() {
        return context.config();
    }

    @Override
    public ServiceModel model() {
        return context.model();
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return context.scheduler();
    }

    @Override
    public ExecutorService executor() {
        return context.executor();
    }

    @Override
    public Clock clock() {
        return context.clock();
    }

    @Override
    public DataPlaneStats stats() {
        return context.stats();
    }

    @Override
    public RuntimeInfo runtime() {
        return context.runtime();
    }

    @Override
    public Optional<RateLimits> rateLimits() {
        return context.rateLimits();
    }

    @Override
    public BackendSelector backendSelector() {
        return context.backendSelector();
    }

    @Override
    public void register(WeightModifier modifier) {
        context.register(modifier);
    }

    @Override
    public void register(TargetSource source) {
        context.register(source);
    }

    @Override
    public void register(AdminRoute route) {
        context.register(route);
    }

    @Override
    public void register(StatusProvider status) {
        context.register(status);
    }

    @Override
    public void requestReconcile() {
        context.requestReconcile();
    }
}
