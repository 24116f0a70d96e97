package org.ebpflb.runtime.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.view.RuntimeChangeView;

/**
 * The runtime-change routes (docs/OPERATING.md, "Admin API"): services and targets added, removed or re-weighted,
 * the overlay shown and cleared. A change answers 200 once applied, 422 with {@code problems} when refused.
 */
final class RuntimeRoutes {
    private static final String SERVICES = "/api/v1/services";
    private static final String TARGET = SERVICES + "/{name}/targets/{target}";
    private static final String RUNTIME = "/api/v1/runtime";

    private RuntimeRoutes() {
    }

    /**
     * @param runtime the running instance's runtime changes
     * @return the routes
     */
    static List<Registered<AdminRoute>> of(RuntimeControl runtime) {
        return List.of(
                route("POST", SERVICES, r -> {
                    if (!(r.body().get("service") instanceof String text)) {
                        return AdminResponse.error(400, "the body needs \"service\": the service object in HOCON");
                    }
                    Object source = r.body().getOrDefault("source", "admin API");
                    if (!(r.body().getOrDefault("replace", false) instanceof Boolean replace)) {
                        return AdminResponse.error(400, "replace must be true or false");
                    }
                    return answer(runtime.defineService(text, source.toString(), replace));
                }),
                route("DELETE", SERVICES + "/{name}", r -> answer(runtime.removeService(r.param("name")))),
                route("POST", SERVICES + "/{name}/targets", r -> answer(runtime.addTarget(r.param("name"),
                        new LinkedHashMap<>(r.body())))),
                route("DELETE", TARGET, r -> answer(runtime.removeTarget(r.param("name"), r.param("target")))),
                route("POST", TARGET + "/weight", r -> r.body().containsKey("weight")
                        ? answer(runtime.setWeight(r.param("name"), r.param("target"), r.body().get("weight")))
                        : AdminResponse.error(400, "the body needs \"weight\"")),
                route("GET", RUNTIME, r -> AdminResponse.ok(runtime.overlay())),
                route("DELETE", RUNTIME, r -> answer(runtime.clear())));
    }

    private static AdminResponse answer(RuntimeChangeView outcome) {
        if (outcome.applied()) {
            return AdminResponse.ok(outcome);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "runtime change refused, nothing changed: " + outcome.change());
        body.put("problems", outcome.problems());
        return new AdminResponse(422, body);
    }

    private static Registered<AdminRoute> route(String method, String path, AdminRoute.Handler handler) {
        return new Registered<>(CoreRoutes.OWNER, new AdminRoute(method, path, handler));
    }
}
