package org.ebpflb.runtime.lifecycle;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpflb.api.event.ConfigRejected;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.runtime.config.ConfigLoader;
import org.ebpflb.runtime.config.ConfigResult;
import org.ebpflb.runtime.config.DataplaneSettings;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.plugin.DiscoveredPlugin;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.plugin.PluginSettings;
import org.ebpflb.runtime.view.ReloadView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file (SIGHUP, {@code POST /api/v1/reload}): parse and validate; on problems keep the
 * running configuration and publish {@link ConfigRejected}; otherwise swap the model (plugins keep running and see
 * it through their context), publish {@link ConfigReloaded} and reconcile. Established connections are untouched:
 * only tables change. Settings that need new kernel state or a new plugin set are reported as needing a restart.
 */
final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Path file;
    private final PluginCatalog catalog;
    private final List<Plugin> plugins;
    private final Engine engine;

    /**
     * @param file the configuration file
     * @param catalog the plugins discovered at start
     * @param plugins the plugins enabled at start, whose keys the configuration may use
     * @param engine the running engine
     */
    Reloader(Path file, PluginCatalog catalog, List<Plugin> plugins, Engine engine) {
        this.file = file;
        this.catalog = catalog;
        this.plugins = List.copyOf(plugins);
        this.engine = engine;
    }

    /** @return what happened */
    synchronized ReloadView reload() {
        ConfigResult result = new ConfigLoader(plugins).load(file);
        Instant now = engine.clock().instant();
        if (!result.problems().isEmpty() || result.config().isEmpty()) {
            List<String> problems = result.problems().stream().map(ConfigProblem::toString).toList();
            engine.events().publish(new ConfigRejected(now, file.toString(), problems));
            log.warn("configuration {} rejected; the running configuration stays:\n  {}", file,
                    String.join("\n  ", problems));
            return new ReloadView(false, List.of(), problems, List.of());
        }
        LbConfig previous = engine.state().config();
        LbConfig next = result.config().get();
        List<String> changed = changedServices(previous, next);
        List<String> notes = restartNotes(previous, next);
        engine.swap(next);
        engine.events().publish(new ConfigReloaded(now, file.toString(), changed));
        log.info("configuration {} reloaded; services changed: {}", file, changed.isEmpty() ? "none" : changed);
        notes.forEach(log::warn);
        return new ReloadView(true, changed, List.of(), notes);
    }

    private static List<String> changedServices(LbConfig previous, LbConfig next) {
        Map<String, ServiceSpec> before = byName(previous);
        Map<String, ServiceSpec> after = byName(next);
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        return names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).toList();
    }

    private static Map<String, ServiceSpec> byName(LbConfig config) {
        return config.services().stream().collect(Collectors.toMap(ServiceSpec::name, Function.identity()));
    }

    private List<String> restartNotes(LbConfig previous, LbConfig next) {
        List<String> notes = new ArrayList<>();
        if (!previous.instance().equals(next.instance())) {
            notes.add("lb.instance changed: takes effect after a restart");
        }
        if (!previous.pluginDir().equals(next.pluginDir())) {
            notes.add("lb.plugin-dir changed: takes effect after a restart");
        }
        if (!previous.admin().equals(next.admin())) {
            notes.add("lb.admin changed: takes effect after a restart");
        }
        if (!kernelSettings(previous.dataplane()).equals(kernelSettings(next.dataplane()))) {
            notes.add("lb.dataplane (other than table-size and panic-threshold) changed: takes effect after a restart");
        }
        for (DiscoveredPlugin p : catalog.loaded()) {
            if (enabled(p, previous.plugins()) != enabled(p, next.plugins())) {
                notes.add("lb.plugins." + p.id() + ".enabled changed: takes effect after a restart");
            }
        }
        return notes;
    }

    private static List<Object> kernelSettings(DataplaneSettings d) {
        return List.of(d.xdpMode(), d.capacity(), d.tcpIdleTimeout(), d.udpIdleTimeout(), d.halfOpenTimeout(),
                d.pinRoot());
    }

    private static boolean enabled(DiscoveredPlugin p, Config operatorPlugins) {
        try {
            return PluginSettings.of(p.id(), operatorPlugins, p.defaults()).enabled();
        } catch (ConfigException e) {
            return true;
        }
    }
}
