package org.ebpflb.runtime.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.ApiVersion;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.runtime.admin.AdminBackend;
import org.ebpflb.runtime.admin.RuntimeControl;
import org.ebpflb.runtime.dataplane.DataPlaneFactory;
import org.ebpflb.runtime.reconcile.ReconcileStatus;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.OverlayView;
import org.ebpflb.runtime.view.PluginView;
import org.ebpflb.runtime.view.ReloadView;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;

/** Answers the admin API from the running engine. */
final class RuntimeAdminBackend implements AdminBackend {
    /** The status section of runtime changes. */
    static final String RUNTIME_SECTION = "runtime changes";

    private final Engine engine;
    private final EngineViews views;
    private final Reloader reloader;
    private final RuntimeChanges changes;
    private final Instant startedAt;

    /**
     * @param engine the running engine
     * @param reloader reloads the configuration file
     * @param startedAt when the runtime started
     */
    RuntimeAdminBackend(Engine engine, Reloader reloader, Instant startedAt) {
        this.engine = engine;
        this.views = new EngineViews(engine);
        this.reloader = reloader;
        this.changes = new RuntimeChanges(reloader, engine);
        this.startedAt = startedAt;
    }

    @Override
    public StatusView status() {
        ReconcileStatus r = engine.reconciler().status();
        return new StatusView(engine.state().config().instance(), RuntimeVersion.ebpfLb(), ApiVersion.current(),
                RuntimeVersion.kernel(), startedAt.toString(),
                Duration.between(startedAt, engine.clock().instant()).toSeconds(),
                engine.state().config().source().toString(), engine.dataPlane().description(),
                DataPlaneFactory.forwardsPackets(engine.dataPlane()),
                new StatusView.Reconcile(r.rounds(), r.lastRound().map(Instant::toString).orElse(null), r.applies(),
                        r.lastError().orElse(null)),
                plugins(), engine.modifierErrors().counts(), services(), engine.dataPlane().stats().drops(),
                engine.dataPlane().stats().conntrack(), sections());
    }

    private Map<String, Object> sections() {
        Map<String, Object> sections = new LinkedHashMap<>();
        engine.connectionEvents().ifPresent(r -> sections.put("connection events", r.status()));
        for (Registered<StatusProvider> s : engine.registry().statuses()) {
            String title;
            Object snapshot;
            try {
                title = s.item().section();
                snapshot = Json.mapper().valueToTree(s.item().snapshot()); // one bad section must not break status
            } catch (RuntimeException e) {
                title = s.pluginId();
                snapshot = Map.of("error", "status of plugin " + s.pluginId() + " failed: " + e);
            }
            sections.put(sections.containsKey(title) ? title + " (" + s.pluginId() + ")" : title, snapshot);
        }
        sections.put(RUNTIME_SECTION, runtimeSection());
        return sections;
    }

    @Override
    public Optional<ConnectionTable> connectionTable() {
        return engine.dataPlane().connectionTable();
    }

    @Override
    public List<ServiceView> services() {
        return views.services();
    }

    @Override
    public Optional<ExplainView> explain(String service) {
        return views.explain(service);
    }

    @Override
    public List<PluginView> plugins() {
        return views.plugins();
    }

    @Override
    public ReloadView reload(boolean allowRemoveAll) {
        return reloader.reload(new ReloadRequest("admin API", allowRemoveAll));
    }

    @Override
    public List<Registered<AdminRoute>> pluginRoutes() {
        return engine.registry().routes();
    }

    @Override
    public RuntimeControl runtime() {
        return changes;
    }

    @Override
    public EventBus events() {
        return engine.events();
    }

    /** Which services and targets the overlay changes, and where it lives. */
    private Map<String, Object> runtimeSection() {
        OverlayView overlay = changes.overlay();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("overlay", overlay.file());
        section.put("changes", overlay.changes());
        if (!overlay.problems().isEmpty()) {
            section.put("problems", overlay.problems());
        }
        return section;
    }
}
