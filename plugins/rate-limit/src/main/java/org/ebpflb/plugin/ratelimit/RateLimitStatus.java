package org.ebpflb.plugin.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.StatusProvider;

/** The "rate-limit" section of {@code lb status} and {@code GET /api/v1/rate-limits}: limits and drops per service. */
final class RateLimitStatus implements StatusProvider {
    /** The admin route's path. */
    static final String PATH = "/api/v1/rate-limits";
    /** The admin route, as the plugin declares it. */
    static final DeclaredRoute ROUTE = new DeclaredRoute("GET", PATH);

    private final LimitEnforcer enforcer;

    /** @param enforcer what each service was given */
    RateLimitStatus(LimitEnforcer enforcer) {
        this.enforcer = enforcer;
    }

    @Override
    public String section() {
        return LimitsBlock.KEY;
    }

    /** @return {@code enforced} (whether the data plane enforces limits) and the limited services */
    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> services = new LinkedHashMap<>();
        enforcer.applied().forEach((name, applied) -> services.put(name,
                Describe.service(applied, enforcer.dropped(name))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enforced", enforcer.enforcing());
        out.put("services", services);
        return out;
    }

    /** @return the admin route answering with the same snapshot */
    AdminRoute route() {
        return new AdminRoute(ROUTE.method(), PATH, request -> AdminResponse.ok(snapshot()));
    }
}
