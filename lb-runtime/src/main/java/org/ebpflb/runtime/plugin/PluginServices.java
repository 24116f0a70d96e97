package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * What the runtime shares with every plugin context.
 *
 * @param model the current model (replaced as a whole on reload)
 * @param operatorPlugins the running configuration's {@code lb.plugins} subtree
 * @param events the event bus
 * @param scheduler the shared scheduler
 * @param executor the virtual-thread executor
 * @param clock the clock
 * @param stats data-plane counters
 * @param rateLimits the rate-limit port, when the data plane has one
 * @param flows the flow table, when the data plane tracks flows
 * @param drainStore where drains outlive a restart, when the data plane keeps pinned state
 * @param backendSelector picks backends from the current tables
 * @param runtime the runtime's version and plugin failure counts
 * @param requestReconcile asks the reconciler for a round soon
 */
public record PluginServices(Supplier<ServiceModel> model, Supplier<Config> operatorPlugins, EventBus events,
                             ScheduledExecutorService scheduler, ExecutorService executor, Clock clock,
                             DataPlaneStats stats, Optional<RateLimits> rateLimits, Optional<FlowTable> flows,
                             Optional<DrainStore> drainStore, BackendSelector backendSelector, RuntimeInfo runtime,
                             Runnable requestReconcile) {
}
