package org.ebpflb.api.spi;

import com.typesafe.config.Config;
import java.util.List;
import org.ebpflb.api.Stable;

/**
 * The one entry point of a plugin, found by {@link java.util.ServiceLoader}. A plugin module declares
 * {@code provides org.ebpflb.api.spi.Plugin with ...}; the implementation has a public no-argument constructor.
 *
 * <p>Lifecycle: the runtime reads {@link #configKeys()} and calls {@link #validateSettings} before validation
 * completes, then calls {@link #start} once with a context whose config is valid, registers what {@code start}
 * contributed, and calls {@link #stop} at shutdown.
 *
 * <p>Contributions are declared up front, the way Trino's {@code Plugin} lists its factories: {@code lb plugins}
 * shows the {@code declared*} lists without starting the plugin, and {@link #start} fails when it registers a
 * modifier, target source, admin route or status section that is not declared. Declare what {@code start} may
 * register; a declared contribution that is not registered (switched off by a setting, say) is fine.
 */
@Stable
public interface Plugin {
    /** @return a unique kebab-case id; also the name of its {@code plugins/<id>/} directory and config subtree */
    String id();

    /** @return the keys of service and target objects this plugin owns, with their validation */
    default List<ConfigKeys> configKeys() {
        return List.of();
    }

    /** @return the weight modifiers {@link #start} may register */
    default List<DeclaredModifier> declaredModifiers() {
        return List.of();
    }

    /** @return the {@link TargetSource#name() names} of the target sources {@link #start} may register */
    default List<String> declaredTargetSources() {
        return List.of();
    }

    /** @return the admin routes {@link #start} may register */
    default List<DeclaredRoute> declaredRoutes() {
        return List.of();
    }

    /** @return the {@link StatusProvider#section() sections} of {@code lb status} {@link #start} may register */
    default List<String> declaredStatusSections() {
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
