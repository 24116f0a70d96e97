package org.ebpflb.runtime.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.ebpflb.runtime.demo.sandbox.CommandFailedException;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.FactorView;
import org.ebpflb.runtime.view.GroupView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.TargetRowView;
import org.junit.jupiter.api.Test;

class DemoLoadBalancerTest {
    @Test
    void theDefaultGroupsTargetsAreReadFromTheExplainTraceTheAdminApiServes() throws Exception {
        FactorView down = new FactorView("health-http", "health-http", 0, "AVAILABILITY", "unhealthy (refused)",
                false, false);
        FactorView up = new FactorView("health-http", "health-http", 1, "AVAILABILITY", "healthy (HTTP 200)", false,
                false);
        GroupView sourceRoute = new GroupView("route-1", "198.18.9.0/24", List.of("health-http"), false, 100, "",
                List.of(), 16381,
                List.of(new TargetRowView("198.18.1.99:8080", "198.18.1.99:8080", 5, List.of(up), 5, 100, 16381)));
        GroupView defaults = new GroupView("default", null, List.of("health-http"), false, 25, "", List.of(), 16381,
                List.of(new TargetRowView("198.18.1.11:8080", "198.18.1.11:8080", 10, List.of(up), 10, 100, 16381),
                        new TargetRowView("198.18.1.12:8080", "198.18.1.12:8080", 30, List.of(down), 0, 0, 0)));
        String body = Json.mapper().writeValueAsString(new ExplainView("web", "tcp/80", "five-tuple",
                List.of(sourceRoute, defaults), null));

        List<TargetWeights> targets = DemoLoadBalancer.parseTargets("explain", body);

        assertEquals(List.of("198.18.1.11:8080", "198.18.1.12:8080"), targets.stream().map(TargetWeights::target)
                .toList());
        TargetWeights killed = targets.get(1);
        assertEquals(30, killed.base());
        assertEquals(0, killed.effective());
        assertEquals(Optional.of("health-http x0 unhealthy (refused)"), killed.factor("health-http")
                .map(Object::toString));
        assertEquals(Optional.empty(), killed.factor("drain"));
    }

    @Test
    void anAnswerThatIsNoTraceIsAnError() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> DemoLoadBalancer.parseTargets("/api/v1/services/web/explain", "<html>"));
        assertTrue(e.getMessage().contains("/api/v1/services/web/explain answered something that is not"),
                e.getMessage());
    }
}
