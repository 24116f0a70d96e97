package org.ebpflb.runtime.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.dataplane.RecordingDataPlane;
import org.ebpflb.runtime.plugin.PluginLoadException;
import org.ebpflb.runtime.plugin.PluginStartException;
import org.ebpflb.runtime.view.ExplainView;

/**
 * One pipeline round without a running instance, for {@code lb explain} when no admin API answers: load the
 * configuration and plugins, start the plugins against an in-memory data plane, compute every service's weights
 * once, stop everything. Touches no kernel state.
 */
public final class OfflineRound {
    private OfflineRound() {
    }

    /**
     * @param file the configuration file
     * @return the explain view of every service, by name
     * @throws StartupException when the configuration or a plugin is bad, with the exit code
     */
    public static Map<String, ExplainView> explainAll(Path file) throws StartupException {
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
        try (Engine engine = new Engine(config, loaded.catalog(), new RecordingDataPlane(), Clock.systemUTC(),
                EngineTimings.DEFAULTS)) {
            engine.start(false);
            EngineViews views = new EngineViews(engine);
            Map<String, ExplainView> out = new LinkedHashMap<>();
            for (ServiceSpec service : config.services()) {
                views.explain(service.name()).ifPresent(v -> out.put(service.name(), v));
            }
            return out;
        } catch (PluginStartException e) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(StartupException.RUNTIME_FAILURE, "interrupted");
        }
    }
}
