package org.ebpflb.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.junit.jupiter.api.Test;

class ContributionRegistryTest {
    private final ContributionRegistry registry = new ContributionRegistry();

    @Test
    void twoPluginsCannotAnswerTheSameRouteEvenWithOtherParameterNames() {
        registry.addRoute("drain", route("POST", "/api/v1/services/{name}/targets/{ip:port}/drain"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.addRoute("other",
                route("post", "/api/v1/services/{service}/targets/{target}/drain")));

        assertEquals("admin route post /api/v1/services/{service}/targets/{target}/drain is already registered by "
                + "plugin drain", e.getMessage());
        registry.addRoute("drain", route("DELETE", "/api/v1/services/{name}/targets/{ip:port}/drain"));
        assertEquals(2, registry.routes().size());
    }

    @Test
    void removeAllWithdrawsOnePluginsContributions() {
        registry.addRoute("a", route("GET", "/api/v1/a"));
        registry.addRoute("b", route("GET", "/api/v1/b"));

        registry.removeAll("a");

        assertEquals(List.of("b"), registry.routes().stream().map(Registered::pluginId).toList());
    }

    private static AdminRoute route(String method, String path) {
        return new AdminRoute(method, path, r -> AdminResponse.ok("ok"));
    }
}
