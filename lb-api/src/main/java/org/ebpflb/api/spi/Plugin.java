package org.ebpflb.api.spi;

import com.typesafe.config.Config;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * The one entry point of a plugin, found by {@link java.util.ServiceLoader}. A plugin module declares
 * {@code provides org.ebpflb.api.spi.Plugin with ...}; the implementation has a public no-argument constructor.
 *
 * <p>Lifecycle: the runtime reads {@link #configKeys()} and calls {@link #validateSettings} before validation
 * completes, then calls {@link #start} once with a context whose config is valid, registers what {@code start} contributed, and calls {@link #stop} at shutdown.
 */
@Stable
public interface Plugin {
    /** @return a unique kebab-case id; also the name of its {@code plugins/<id>/} directory and config subtree */
    String id();

    /** @return the keys of service and target objects this plugin owns, with their validation */
    default List<ConfigKeys> configKeys() {
        return List.of();
    }

    /**
     * Checks the plugin-wide settings, so that {@code lb validate} and a reload report them with file and line like
     * any other config problem. Called before {@link #start} and on every reload, on a fresh or running instance;
     * must not start work.
     *
     * @param settings {@code lb.plugins.<id>} over the defaults of the plugin's reference.conf
     * @return problems found, each with the origin of the offending value; empty when the settings are valid
     */
    default List<ConfigProblem> validateSettings(Config settings) {
        return List.of();
    }

    /**
     * Registers contributions on the context and starts any work (probes, resolvers). May block briefly.
     *
     * @param context what the runtime lends this plugin
     * @throws Exception when the plugin cannot run; the runtime reports it and carries on without it, unless the
     *     plugin is marked required or the exception is a {@link FatalStartException}
     */
    void start(PluginContext context) throws Exception;

    /** Stops work started in {@link #start}. Called once; must not throw. */
    default void stop() {
    }
}
