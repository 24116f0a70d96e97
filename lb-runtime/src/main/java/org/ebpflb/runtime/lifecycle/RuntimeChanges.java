package org.ebpflb.runtime.lifecycle;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.RuntimeChanged;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.admin.RuntimeControl;
import org.ebpflb.runtime.config.ConfigLoader;
import org.ebpflb.runtime.config.OverlayReader;
import org.ebpflb.runtime.overlay.Overlay;
import org.ebpflb.runtime.overlay.OverlayFile;
import org.ebpflb.runtime.overlay.RefusedChange;
import org.ebpflb.runtime.overlay.ServiceChange;
import org.ebpflb.runtime.overlay.TargetLabel;
import org.ebpflb.runtime.view.OverlayView;
import org.ebpflb.runtime.view.ReloadView;
import org.ebpflb.runtime.view.RuntimeChangeView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime changes (docs/OPERATING.md, "Runtime changes"): each one reads the overlay beside the configuration file,
 * folds the change in ({@link Overlay}), validates the main file with that overlay exactly as a reload validates the
 * file (the change's own values named by the request), applies it through the {@link Reloader}'s steps and, once
 * the data plane has it, writes the overlay. All or nothing: a refused change leaves the running configuration, the
 * tables and the overlay file as they were. Each outcome is published as {@link RuntimeChanged}; an applied one
 * also as {@link ConfigReloaded} (naming the overlay file), on which plugins re-read the model as after a reload.
 */
final class RuntimeChanges implements RuntimeControl {
    private static final Logger log = LoggerFactory.getLogger(RuntimeChanges.class);

    private final Reloader reloader;
    private final Engine engine;

    /**
     * @param reloader the running instance's reloader, whose lock and steps every change shares
     * @param engine the running engine
     */
    RuntimeChanges(Reloader reloader, Engine engine) {
        this.reloader = reloader;
        this.engine = engine;
    }

    /** One change of the overlay, given the overlay in force and the main file's services as written. */
    @FunctionalInterface
    private interface Edit {
        Overlay apply(Overlay current, Map<String, ConfigObject> main) throws RefusedChange;
    }

    /**
     * @param service the service
     * @param target the target object as a configuration writes it ({@code ip}, {@code port}, {@code weight}, ...)
     * @return the outcome
     */
    @Override
    public RuntimeChangeView addTarget(String service, Map<String, Object> target) {
        String what = "target add " + service + " " + TargetLabel.of(ConfigValueFactory.fromMap(target))
                .orElseGet(() -> target.getOrDefault("ip", target.getOrDefault("host", "?")) + ":"
                        + target.getOrDefault("port", "?"));
        ConfigOrigin origin = request(what);
        return change(what, (overlay, main) -> overlay.addTarget(main, service,
                ConfigValueFactory.fromMap(target, origin.description()), origin));
    }

    /**
     * @param service the service
     * @param target {@code ip:port}
     * @return the outcome
     */
    @Override
    public RuntimeChangeView removeTarget(String service, String target) {
        return change("target remove " + service + " " + target,
                (overlay, main) -> overlay.removeTarget(main, service, target));
    }

    /**
     * @param service the service
     * @param target {@code ip:port}
     * @param weight the weight as the request gave it; validated as the file's {@code weight}
     * @return the outcome
     */
    @Override
    public RuntimeChangeView setWeight(String service, String target, Object weight) {
        String what = "target weight " + service + " " + target;
        ConfigOrigin origin = request(what);
        return change(what, (overlay, main) -> overlay.setWeight(main, service, target,
                ConfigValueFactory.fromAnyRef(weight, origin.description()), origin));
    }

    /**
     * @param text one service object in HOCON, as a service of {@code lb.services} is written
     * @param source where the text came from, e.g. the CLI's file name, for messages
     * @param replace whether an existing service of that name may be replaced as a whole
     * @return the outcome
     */
    @Override
    public RuntimeChangeView defineService(String text, String source, boolean replace) {
        String what = "service add " + source;
        OverlayReader.Snippet snippet = OverlayReader.snippet(text, "request " + what);
        if (snippet.service().isEmpty()) {
            return refused(what, snippet.problems());
        }
        ConfigOrigin origin = request(what);
        return change(what, (overlay, main) -> overlay.defineService(main, snippet.service().get(), replace, origin));
    }

    /**
     * @param service the service
     * @return the outcome
     */
    @Override
    public RuntimeChangeView removeService(String service) {
        String what = "service remove " + service;
        ConfigOrigin origin = request(what);
        // removing the last service by name is what the operator asked for, not an emptied file
        return change(what, (overlay, main) -> overlay.removeService(main, service, origin), true);
    }

    /**
     * Drops every runtime change: the main file alone is validated and applied, then the overlay file is deleted.
     *
     * @return the outcome
     */
    @Override
    public RuntimeChangeView clear() {
        synchronized (reloader) {
            return outcome("runtime clear", reloader.install(reloader.loader().load(reloader.file(), Overlay.EMPTY),
                    new ReloadRequest("runtime clear", false), () -> OverlayFile.write(reloader.file(), Overlay.EMPTY)));
        }
    }

    /** @return the overlay in force, as its file holds it */
    @Override
    public OverlayView overlay() {
        Path file = OverlayFile.beside(reloader.file());
        OverlayReader.OverlayResult read = OverlayReader.read(reloader.file());
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            text = "";
        }
        return new OverlayView(file.toString(), describe(read.overlay()), text,
                read.problems().stream().map(ConfigProblem::toString).toList());
    }

    /** @return one line per change, as {@code lb runtime diff} and {@code lb status} show them */
    static List<String> describe(Overlay overlay) {
        List<String> lines = new ArrayList<>();
        for (ServiceChange change : overlay.changes()) {
            String service = "service " + change.service() + ": ";
            switch (change) {
                case ServiceChange.Defined d -> lines.add(service + (d.replaces() ? "replaced as a whole" : "added"));
                case ServiceChange.Removed r -> lines.add(service + "removed");
                case ServiceChange.Edited e -> {
                    e.addTargets().forEach(t -> lines.add(service + "target " + label(t) + " added"
                            + (t.containsKey("weight") ? " (weight " + t.get("weight").unwrapped() + ")" : "")));
                    e.removeTargets().forEach(t -> lines.add(service + "target " + t + " removed"));
                    e.weights().forEach(w -> lines.add(service + "target " + w.target() + " weight "
                            + w.weight().unwrapped() + " (the file has " + w.was() + ")"));
                }
            }
        }
        return lines;
    }

    private RuntimeChangeView change(String what, Edit edit) {
        return change(what, edit, false);
    }

    private RuntimeChangeView change(String what, Edit edit, boolean allowRemoveAll) {
        synchronized (reloader) {
            Path file = reloader.file();
            OverlayReader.OverlayResult current = OverlayReader.read(file);
            if (!current.problems().isEmpty()) {
                return refused(what, current.problems());
            }
            Overlay proposed;
            try {
                proposed = edit.apply(current.overlay(), ConfigLoader.mainServices(file));
            } catch (RefusedChange e) {
                return refused(what, List.of(problem(what, e.getMessage())));
            }
            ReloadView outcome = reloader.install(reloader.loader().load(file, proposed),
                    new ReloadRequest("runtime change " + what, allowRemoveAll),
                    () -> OverlayFile.write(file, proposed));
            return outcome(what, outcome);
        }
    }

    private RuntimeChangeView outcome(String what, ReloadView outcome) {
        String overlay = OverlayFile.beside(reloader.file()).toString();
        Instant now = engine.clock().instant();
        if (outcome.reloaded()) {
            // plugins re-read the model on ConfigReloaded (dns, drain, rate-limit, ...): an applied change is one
            engine.events().publish(new ConfigReloaded(now, overlay, outcome.changedServices()));
        }
        engine.events().publish(new RuntimeChanged(now, what, outcome.reloaded(), outcome.changedServices(),
                outcome.problems()));
        if (outcome.reloaded()) {
            log.info("runtime change applied and kept in {}: {}; services changed: {}", overlay, what,
                    outcome.changedServices());
        } else {
            log.warn("runtime change refused, nothing changed: {}:\n  {}", what,
                    String.join("\n  ", outcome.problems()));
        }
        return new RuntimeChangeView(what, outcome.reloaded(), outcome.changedServices(), outcome.problems(),
                overlay);
    }

    private RuntimeChangeView refused(String what, List<ConfigProblem> problems) {
        return outcome(what, new ReloadView(false, List.of(), problems.stream().map(ConfigProblem::toString)
                .toList()));
    }

    private static ConfigOrigin request(String what) {
        return ConfigOriginFactory.newSimple("request " + what);
    }

    private static ConfigProblem problem(String what, String message) {
        return new ConfigProblem("request " + what, -1, message);
    }

    private static String label(ConfigObject target) {
        return TargetLabel.of(target).orElse("(a target without ip and port)");
    }
}
