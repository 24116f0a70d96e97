package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
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
 * are untouched either way: only tables change. Runtime changes ({@link RuntimeChanges}) go through the same steps
 * with a proposed overlay in place of the file's, under the same lock.
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
        ReloadView outcome = install(loader().load(file), request, () -> { });
        Instant now = engine.clock().instant();
        if (outcome.reloaded()) {
            engine.events().publish(new ConfigReloaded(now, file.toString(), outcome.changedServices()));
            log.info("configuration {} reloaded ({}); services changed: {}", file, request.trigger(),
                    outcome.changedServices().isEmpty() ? "none" : outcome.changedServices());
        } else {
            engine.events().publish(new ConfigRejected(now, file.toString(), outcome.problems()));
            log.warn("configuration {} rejected ({}); the running configuration stays:\n  {}", file,
                    request.trigger(), String.join("\n  ", outcome.problems()));
        }
        return outcome;
    }

    /**
     * Validates a configuration, swaps it in and has the data plane apply it, then commits (a runtime change writes
     * its overlay); all or nothing: a refusal of the data plane or a failed commit puts the running configuration
     * back. Callers hold this reloader's lock, so reloads and runtime changes take turns.
     *
     * @param result the loaded configuration, or its problems
     * @param request who asks, and what it allows
     * @param commit what makes the change last, run once the data plane has it
     * @return what happened
     */
    synchronized ReloadView install(ConfigResult result, ReloadRequest request, Commit commit) {
        if (!result.problems().isEmpty() || result.config().isEmpty()) {
            return refused(result.problems());
        }
        LbConfig previous = engine.state().config();
        LbConfig next = result.config().get();
        List<ConfigProblem> refused = guard.check(previous, next, request);
        if (!refused.isEmpty()) {
            return refused(refused);
        }
        List<String> changed = changedServices(previous, next);
        try {
            List<ConfigProblem> kernel = dataPlaneRefusals(next, changed, engine.swapAndApply(next));
            if (!kernel.isEmpty()) {
                restore(previous);
                return refused(kernel);
            }
            try {
                commit.run();
            } catch (IOException e) {
                restore(previous);
                return refused(List.of(new ConfigProblem(file.toString(), -1, "cannot keep the change: " + e)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused(List.of(new ConfigProblem(file.toString(), -1,
                    "interrupted while applying; the running configuration is the one lb status shows")));
        }
        return new ReloadView(true, changed, List.of());
    }

    /** @return the configuration file */
    Path file() {
        return file;
    }

    /** @return a loader for the plugins this instance runs */
    ConfigLoader loader() {
        return new ConfigLoader(plugins);
    }

    private void restore(LbConfig previous) throws InterruptedException {
        List<String> stillPending = List.copyOf(engine.swapAndApply(previous).keySet());
        if (!stillPending.isEmpty()) {
            log.error("after refusing the change, the data plane still lacks services {} of the running "
                    + "configuration; rounds keep retrying them", stillPending);
        }
    }

    private static ReloadView refused(List<ConfigProblem> problems) {
        return new ReloadView(false, List.of(), problems.stream().map(ConfigProblem::toString).toList());
    }

    /** What makes an applied change last (nothing, for a reload of the file). */
    @FunctionalInterface
    interface Commit {
        /** @throws IOException when it cannot; the change is then taken back */
        void run() throws IOException;
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
