package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.junit.jupiter.api.Test;

class DemoLoadBalancerTest {
    @Test
    void theDefaultGroupsTargetsAreReadFromTheExplainTraceTheAdminApiServes() {
        // the shape of GET /api/v1/services/web/explain, abridged to what the demo reads; a source route first
        String body = """
                {"service": "web", "groups": [
                  {"group": "route-1", "source": "198.18.9.0/24", "targets": [
                    {"target": "198.18.1.99:8080", "base": 5, "effective": 5, "factors": []}]},
                  {"group": "default", "targets": [
                    {"target": "198.18.1.11:8080", "base": 10, "effective": 10, "factors": [
                      {"modifier": "health-http", "value": 1, "reason": "healthy (HTTP 200)"}]},
                    {"target": "198.18.1.12:8080", "base": 30, "effective": 0, "factors": [
                      {"modifier": "health-http", "value": 0, "reason": "unhealthy (refused)"}]}]}]}
                """;

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
