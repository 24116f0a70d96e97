package org.ebpflb.runtime.lifecycle;

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
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.view.ReloadView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file (SIGHUP, {@code POST /api/v1/reload}, the file watch) as a whole or not at all, and
 * answers after the data plane has it:
 * <ol>
 *   <li>parse and validate the file ({@link ConfigLoader}); then the {@link ReloadGuard}: no restart-only change, no
 *       removal of every service unless allowed;</li>
 *   <li>swap the model (plugins keep running and see it through their context) and run a reconcile round at once;</li>
 *   <li>when the data plane refuses a changed service (an interface that does not exist, say), swap the running
 *       configuration back and reconcile again, so what runs, what {@code explain} shows and what the kernel holds
 *       stay the previous configuration; the answer names the refusal.</li>
 * </ol>
 * A refused reload publishes {@link ConfigRejected}, an applied one {@link ConfigReloaded}. Established connections
 * are untouched either way: only tables change.
 */
final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Path file;
    private final List<Plugin> plugins;
    private final ReloadGuard guard;
    private final Engine engine;

    /**
     * @param file the configuration file
     * @param catalog the plugins discovered at start
     * @param plugins the plugins enabled at start, whose keys the configuration may use
     * @param engine the running engine
     */
    Reloader(Path file, PluginCatalog catalog, List<Plugin> plugins, Engine engine) {
        this.file = file;
        this.plugins = List.copyOf(plugins);
        this.guard = new ReloadGuard(catalog);
        this.engine = engine;
    }

    /**
     * @param request who asks, and what it allows
     * @return what happened, after the data plane has the new tables or the reload was refused
     */
    synchronized ReloadView reload(ReloadRequest request) {
        ConfigResult result = new ConfigLoader(plugins).load(file);
        if (!result.problems().isEmpty() || result.config().isEmpty()) {
            return refuse(request, result.problems());
        }
        LbConfig previous = engine.state().config();
        LbConfig next = result.config().get();
        List<ConfigProblem> refused = guard.check(previous, next, request);
        if (!refused.isEmpty()) {
            return refuse(request, refused);
        }
        List<String> changed = changedServices(previous, next);
        List<ConfigProblem> kernel;
        try {
            kernel = dataPlaneRefusals(next, changed, engine.swapAndApply(next));
            if (!kernel.isEmpty()) {
                List<String> stillPending = List.copyOf(engine.swapAndApply(previous).keySet());
                if (!stillPending.isEmpty()) {
                    log.error("after refusing the reload, the data plane still lacks services {} of the running "
                            + "configuration; rounds keep retrying them", stillPending);
                }
                return refuse(request, kernel);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refuse(request, List.of(new ConfigProblem(file.toString(), -1,
                    "interrupted while applying; the running configuration is the one lb status shows")));
        }
        engine.events().publish(new ConfigReloaded(engine.clock().instant(), file.toString(), changed));
        log.info("configuration {} reloaded ({}); services changed: {}", file, request.trigger(),
                changed.isEmpty() ? "none" : changed);
        return new ReloadView(true, changed, List.of());
    }

    private ReloadView refuse(ReloadRequest request, List<ConfigProblem> problems) {
        List<String> lines = problems.stream().map(ConfigProblem::toString).toList();
        Instant now = engine.clock().instant();
        engine.events().publish(new ConfigRejected(now, file.toString(), lines));
        log.warn("configuration {} rejected ({}); the running configuration stays:\n  {}", file, request.trigger(),
                String.join("\n  ", lines));
        return new ReloadView(false, List.of(), lines);
    }

    /** The changed services the data plane did not take, as problems of the file. */
    private List<ConfigProblem> dataPlaneRefusals(LbConfig next, List<String> changed, Map<String, String> pending) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String name : changed) {
            String why = pending.get(name);
            if (why != null) {
                String what = next.service(name).isPresent() ? "refused service " : "could not remove service ";
                problems.add(new ConfigProblem(file.toString(), -1, "the data plane " + what + name + ": " + why));
            }
        }
        return problems;
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
}
