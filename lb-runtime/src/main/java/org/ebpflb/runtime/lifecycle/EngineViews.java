package org.ebpflb.runtime.lifecycle;

import java.util.List;
import java.util.Optional;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.PluginView;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.Views;

/** The views of an engine's current state: what both the admin API and offline commands show. */
final class EngineViews {
    private final Engine engine;

    /** @param engine the engine to describe */
    EngineViews(Engine engine) {
        this.engine = engine;
    }

    /** @return every configured service with its latest weights */
    List<ServiceView> services() {
        return engine.state().config().services().stream()
                .map(s -> Views.service(s, engine.reconciler().traces().get(s.name()),
                        engine.reconciler().pending().get(s.name()), engine.dataPlane().stats()))
                .toList();
    }

    /**
     * @param service a service name
     * @return its latest trace, empty when not configured
     */
    Optional<ExplainView> explain(String service) {
        return engine.state().config().service(service).map(spec -> Views.explain(spec,
                engine.reconciler().traces().get(service), engine.reconciler().pending().get(service)));
    }

    /** @return every plugin */
    List<PluginView> plugins() {
        return engine.plugins().records().stream().map(Views::plugin).toList();
    }
}
