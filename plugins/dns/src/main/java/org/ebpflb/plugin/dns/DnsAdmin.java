package org.ebpflb.plugin.dns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;

/** The admin API routes and the {@code lb status} section of the dns plugin. */
final class DnsAdmin {
    /** Lists every followed name. */
    static final String LIST_PATH = "/api/v1/dns";
    /** Re-resolves one name now. */
    static final String RESOLVE_PATH = "/api/v1/dns/{service}/{host}/resolve";
    /** What {@link #routes()} returns, as the plugin declares it. */
    static final List<DeclaredRoute> ROUTES = List.of(new DeclaredRoute("GET", LIST_PATH),
            new DeclaredRoute("POST", RESOLVE_PATH));
    /** The status section title. */
    static final String SECTION = "dns";

    private final PluginContext context;
    private final DnsTracker tracker;

    /**
     * @param context for the current model
     * @param tracker the names and their state
     */
    DnsAdmin(PluginContext context, DnsTracker tracker) {
        this.context = context;
        this.tracker = tracker;
    }

    /** @return {@code GET /api/v1/dns} and {@code POST /api/v1/dns/{service}/{host}/resolve} */
    List<AdminRoute> routes() {
        return List.of(
                new AdminRoute("GET", LIST_PATH, request -> AdminResponse.ok(tracker.snapshot())),
                new AdminRoute("POST", RESOLVE_PATH, this::resolve));
    }

    /** @return the "dns" section: per service, per name, the same data as {@code GET /api/v1/dns} */
    StatusProvider status() {
        return new StatusProvider() {
            @Override
            public String section() {
                return SECTION;
            }

            @Override
            public Object snapshot() {
                return tracker.snapshot();
            }
        };
    }

    private AdminResponse resolve(AdminRequest request) {
        String service = request.param("service");
        String host = request.param("host");
        if (context.model().service(service).isEmpty()) {
            return AdminResponse.error(404, "no service '" + service + "'");
        }
        Optional<TrackedName> name = tracker.find(service, host);
        if (name.isEmpty()) {
            return AdminResponse.error(404, "service '" + service + "' has no target with host '" + host + "'");
        }
        tracker.resolveNow(name.get());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", name.get().key().service());
        body.put("host", name.get().key().host());
        body.putAll(name.get().describe());
        return AdminResponse.ok(body);
    }
}
