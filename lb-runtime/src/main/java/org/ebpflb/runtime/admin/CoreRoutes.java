package org.ebpflb.runtime.admin;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.view.ReloadView;

/** The runtime's own admin routes (docs/OPERATING.md, "Admin API": status, services, explain, plugins, reload). */
final class CoreRoutes {
    /** The owner shown for core routes where plugin ids appear. */
    static final String OWNER = "runtime";
    /** The reload body's key that lets a reload remove every running service. */
    static final String ALLOW_REMOVE_ALL = "allowRemoveAll";

    private CoreRoutes() {
    }

    /**
     * @param backend the running instance
     * @return the routes, answered before any plugin route
     */
    static List<Registered<AdminRoute>> of(AdminBackend backend) {
        return Stream.concat(Stream.of(
                core("GET", "/api/v1/status", r -> AdminResponse.ok(backend.status())),
                core("GET", "/api/v1/services", r -> AdminResponse.ok(backend.services())),
                core("GET", "/api/v1/services/{name}/explain", r -> backend.explain(r.param("name"))
                        .map(AdminResponse::ok)
                        .orElseGet(() -> AdminResponse.error(404, "unknown service: " + r.param("name")))),
                core("GET", "/api/v1/plugins", r -> AdminResponse.ok(backend.plugins())),
                core("POST", "/api/v1/reload", r -> reload(backend, r)),
                core("GET", ConnectionsRoute.PATH, r -> ConnectionsRoute.answer(backend.connectionTable(), r))),
                RuntimeRoutes.of(backend.runtime()).stream()).toList();
    }

    /** Body {@code {"allowRemoveAll": true}} lets this reload remove every running service. */
    private static AdminResponse reload(AdminBackend backend, AdminRequest request) {
        Object allow = request.body().getOrDefault(ALLOW_REMOVE_ALL, false);
        if (!(allow instanceof Boolean allowRemoveAll)) {
            return AdminResponse.error(400, ALLOW_REMOVE_ALL + " must be true or false");
        }
        ReloadView outcome = backend.reload(allowRemoveAll);
        if (outcome.reloaded()) {
            return AdminResponse.ok(outcome);
        }
        return new AdminResponse(422, Map.of("error", "configuration rejected; the running configuration stays",
                "problems", outcome.problems()));
    }

    private static Registered<AdminRoute> core(String method, String path, AdminRoute.Handler handler) {
        return new Registered<>(OWNER, new AdminRoute(method, path, handler));
    }
}
