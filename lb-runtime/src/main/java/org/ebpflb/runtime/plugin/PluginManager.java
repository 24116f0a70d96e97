package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the discovered plugins and keeps a record of each. A plugin whose start throws is logged,
 * recorded as failed, has its registrations withdrawn and is stopped, and the others run; unless it is
 * {@code required} or threw {@link FatalStartException}, in which case the runtime refuses to start.
 */
public final class PluginManager {
    private static final Logger log = LoggerFactory.getLogger(PluginManager.class);

    private final PluginCatalog catalog;
    private final ContributionRegistry registry;
    private final PluginServices services;
    private final Map<String, Status> status = new LinkedHashMap<>();
    private final List<DiscoveredPlugin> running = new ArrayList<>();

    /**
     * @param catalog what discovery found
     * @param registry where plugins register contributions
     * @param services what every plugin context shares
     */
    public PluginManager(PluginCatalog catalog, ContributionRegistry registry, PluginServices services) {
        this.catalog = catalog;
        this.registry = registry;
        this.services = services;
        for (DiscoveredPlugin p : catalog.loaded()) {
            status.put(p.id(), new Status(PluginState.LOADED, Optional.empty(), false));
        }
    }

    /**
     * Starts every enabled plugin in discovery order.
     *
     * @throws PluginStartException when a required plugin fails or a plugin throws {@link FatalStartException};
     *     plugins started before it keep running, so the caller must {@link #stopAll()}
     */
    public synchronized void startAll() throws PluginStartException {
        Config operator = services.operatorPlugins().get();
        for (DiscoveredPlugin p : catalog.loaded()) {
            PluginSettings settings;
            try {
                settings = PluginSettings.of(p.id(), operator, p.defaults());
            } catch (ConfigException e) {
                throw new PluginStartException("lb.plugins." + p.id() + " is invalid: " + e.getMessage(), e);
            }
            if (!settings.enabled()) {
                status.put(p.id(), new Status(PluginState.DISABLED, Optional.empty(), false));
                log.info("plugin {} is disabled", p.id());
                continue;
            }
            start(p, settings.required());
        }
    }

    private void start(DiscoveredPlugin p, boolean required) throws PluginStartException {
        try {
            p.plugin().start(new RuntimePluginContext(Declarations.of(p.plugin()), p.defaults(), services, registry));
            running.add(p);
            status.put(p.id(), new Status(PluginState.RUNNING, Optional.empty(), required));
            log.info("plugin {} {} started (from {})", p.id(), p.version(), p.location());
        } catch (FatalStartException e) {
            fail(p, required, e);
            throw new PluginStartException("plugin " + p.id() + " refuses to run: " + e.getMessage(), e);
        } catch (Exception | LinkageError e) {
            fail(p, required, e);
            if (required) {
                throw new PluginStartException("required plugin " + p.id() + " failed to start: " + e, e);
            }
            log.error("plugin {} failed to start; carrying on without it: {}", p.id(), e.toString(), e);
        }
    }

    private void fail(DiscoveredPlugin p, boolean required, Throwable e) {
        status.put(p.id(), new Status(PluginState.FAILED, Optional.of(e.toString()), required));
        registry.removeAll(p.id());
        stopQuietly(p);
    }

    /** Stops running plugins in reverse start order and withdraws their registrations. */
    public synchronized void stopAll() {
        for (int i = running.size() - 1; i >= 0; i--) {
            DiscoveredPlugin p = running.get(i);
            stopQuietly(p);
            registry.removeAll(p.id());
            Status s = status.get(p.id());
            status.put(p.id(), new Status(PluginState.STOPPED, Optional.empty(), s.required()));
        }
        running.clear();
    }

    private static void stopQuietly(DiscoveredPlugin p) {
        try {
            p.plugin().stop();
        } catch (RuntimeException | LinkageError e) {
            log.warn("plugin {} failed to stop cleanly", p.id(), e);
        }
    }

    /** @return one record per plugin: loaded ones in discovery order, then directories disabled by the operator */
    public synchronized List<PluginRecord> records() {
        List<PluginRecord> out = new ArrayList<>();
        for (DiscoveredPlugin p : catalog.loaded()) {
            Status s = status.get(p.id());
            out.add(new PluginRecord(p.id(), p.version(), p.apiVersion(), p.location(), s.state(), s.error(), s.required(),
                    contributions(p)));
        }
        for (PluginCatalog.DisabledDirectory d : catalog.disabledDirectories()) {
            out.add(new PluginRecord(d.id(), "unknown", "unknown", d.location(), PluginState.DISABLED, Optional.empty(), false,
                    Contributions.NONE));
        }
        return out;
    }

    /**
     * Describes discovered plugins without starting them: state LOADED or DISABLED, contributions as declared.
     *
     * @param catalog what discovery found
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @return one record per plugin, in discovery order
     */
    public static List<PluginRecord> unstarted(PluginCatalog catalog, Config operatorPlugins) {
        List<PluginRecord> out = new ArrayList<>();
        for (DiscoveredPlugin p : catalog.loaded()) {
            PluginSettings settings;
            try {
                settings = PluginSettings.of(p.id(), operatorPlugins, p.defaults());
            } catch (ConfigException e) {
                settings = new PluginSettings(true, false, p.defaults());
            }
            out.add(new PluginRecord(p.id(), p.version(), p.apiVersion(), p.location(),
                    settings.enabled() ? PluginState.LOADED : PluginState.DISABLED, Optional.empty(),
                    settings.required(), declarations(p).map(Declarations::contributions).orElse(Contributions.NONE)));
        }
        for (PluginCatalog.DisabledDirectory d : catalog.disabledDirectories()) {
            out.add(new PluginRecord(d.id(), "unknown", "unknown", d.location(), PluginState.DISABLED, Optional.empty(), false,
                    Contributions.NONE));
        }
        return out;
    }

    /** What the plugin registered, described by its declarations (registration refuses anything undeclared). */
    private Contributions contributions(DiscoveredPlugin p) {
        String id = p.id();
        Optional<Declarations> declared = declarations(p);
        if (declared.isEmpty()) {
            return Contributions.NONE;
        }
        Declarations d = declared.get();
        List<String> registeredModifiers = registry.modifiers().stream().filter(r -> r.pluginId().equals(id))
                .map(r -> r.item().name()).toList();
        return new Contributions(
                d.modifiers().stream().filter(m -> registeredModifiers.contains(m.name()))
                        .map(Declarations::describe).toList(),
                registry.sources().stream().filter(r -> r.pluginId().equals(id)).map(r -> r.item().name()).toList(),
                registry.routes().stream().filter(r -> r.pluginId().equals(id))
                        .map(r -> r.item().method() + " " + r.item().path()).toList(),
                registry.statuses().stream().filter(r -> r.pluginId().equals(id))
                        .map(r -> r.item().section()).toList(),
                d.configKeys());
    }

    private static Optional<Declarations> declarations(DiscoveredPlugin p) {
        try {
            return Optional.of(Declarations.of(p.plugin()));
        } catch (RuntimeException | LinkageError e) {
            log.warn("plugin {} failed to list its contributions", p.id(), e);
            return Optional.empty();
        }
    }

    private record Status(PluginState state, Optional<String> error, boolean required) {
    }
}
