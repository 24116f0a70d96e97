package org.ebpflb.api.spi;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.ebpflb.api.Stable;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.dataplane.FlowTable;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.ServiceModel;

/** What the runtime lends a plugin in {@link Plugin#start}. Valid until {@link Plugin#stop}. */
@Stable
public interface PluginContext {
    /** @return the plugin's settings: {@code lb.plugins.<id>} over the defaults of the plugin's reference.conf */
    Config config();

    /** @return the current services and targets; the returned object is replaced as a whole on reload */
    ServiceModel model();

    /** @return the event bus */
    EventBus events();

    /** @return a shared scheduler for periodic work; tasks must be short or hand off to {@link #executor()} */
    ScheduledExecutorService scheduler();

    /** @return a virtual-thread executor for blocking I/O such as probes */
    ExecutorService executor();

    /** @return the clock every time decision must use, so tests can control it */
    Clock clock();

    /** @return data-plane counters */
    DataPlaneStats stats();

    /** @return the rate-limit port, when the data plane offers one */
    Optional<RateLimits> rateLimits();

    /**
     * Experimental, like the port it returns.
     *
     * @return the data plane's flow table, when the data plane tracks flows
     */
    default Optional<FlowTable> flows() {
        return Optional.empty();
    }

    /**
     * Experimental, like the port it returns.
     *
     * @return where drains outlive a restart, when the data plane keeps pinned state
     */
    default Optional<DrainStore> drainStore() {
        return Optional.empty();
    }

    /**
     * @return the runtime's version and per-plugin failure counts; this default (for contexts of tools and tests that
     *     have no runtime) knows neither
     */
    default RuntimeInfo runtime() {
        return new RuntimeInfo() {
            @Override
            public String version() {
                return "unknown";
            }

            @Override
            public Map<String, Long> pluginErrors() {
                return Map.of();
            }
        };
    }

    /** @return the backend selector over the weighted tables */
    BackendSelector backendSelector();

    /** @param modifier adds factors to the weight pipeline */
    void register(WeightModifier modifier);

    /** @param source expands target specs it accepts */
    void register(TargetSource source);

    /** @param route adds an admin API route */
    void register(AdminRoute route);

    /** @param status adds a section to {@code lb status} and {@code GET /api/v1/status} */
    void register(StatusProvider status);

    /**
     * @return true in an offline round ({@code lb explain} without a running instance): register contributions as
     *     usual and answer from configuration alone, but contact no backend (no probes) and start no periodic work;
     *     say so in factor reasons, e.g. "not probed (offline round)"
     */
    default boolean offline() {
        return false;
    }

    /** Asks the runtime to recompute weights and expansions soon (debounced). Any published event also does. */
    void requestReconcile();
}
