package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.testkit.HoconModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate reads effective weights, the product of every factor: a drained target (an ADMINISTRATIVE factor 0) has
 * effective weight 0 like an unhealthy one, so draining every target of a service takes the node out of the name.
 */
class RegistrationGateTest {
    private static final Endpoint A = Endpoint.parse("198.18.1.2:8080");
    private static final Endpoint B = Endpoint.parse("198.18.1.3:8080");
    private static final Endpoint C = Endpoint.parse("198.18.1.4:8080");
    private static final String NO_TARGET = "has no target that takes new connections (unhealthy, drained or weight 0)";

    @TempDir
    Path dir;
    private ServiceModel model;
    private final RegistrationGate gate = new RegistrationGate();

    @BeforeEach
    void twoServices() {
        model = HoconModels.model(dir, """
                services = [
                  { name = web, targets = [{ ip = "198.18.1.2", port = 8080 }, { ip = "198.18.1.3", port = 8080 }] },
                  { name = api, targets = [{ ip = "198.18.1.4", port = 8080 }] }
                ]
                """);
    }

    @Test
    void aPartialDrainKeepsTheNodeAWholeDrainTakesItOutAndAnUndrainBringsItBack() {
        assertTrue(gate.apply(weights("web", Map.of(A, 1.0, B, 1.0), false)));
        assertTrue(gate.apply(weights("api", Map.of(C, 1.0), false)));
        assertEquals(Optional.empty(), gate.blocker(model));

        assertFalse(gate.apply(weights("web", Map.of(A, 0.0, B, 1.0), false)), "still a target: no change");
        assertEquals(Optional.empty(), gate.blocker(model), "one of two targets drained");

        assertTrue(gate.apply(weights("web", Map.of(A, 0.0, B, 0.0), false)));
        assertTrue(gate.apply(weights("api", Map.of(C, 0.0), false)));
        assertEquals(Optional.of("service web " + NO_TARGET), gate.blocker(model), "every target drained");

        assertTrue(gate.apply(weights("web", Map.of(A, 0.0, B, 1.0), false)));
        assertEquals(Optional.of("service api " + NO_TARGET), gate.blocker(model), "api is still drained");
        assertTrue(gate.apply(weights("api", Map.of(C, 1.0), false)));
        assertEquals(Optional.empty(), gate.blocker(model), "undrained");
    }

    @Test
    void aPanicAnotherGroupAndMissingTablesAreNotTakenForTargetsThatTakeTraffic() {
        assertEquals(Optional.of("service web has no tables in the data plane yet"), gate.blocker(model));
        gate.apply(weights("api", Map.of(C, 1.0), false));
        // a source route's group with weight says nothing about the default group
        assertFalse(gate.apply(new WeightsApplied(Instant.now(), "web", "route-1", Map.of(A, 1.0), false)));
        assertEquals(Optional.of("service web has no tables in the data plane yet"), gate.blocker(model));
        // in panic every target gets weight only because health is ignored
        gate.apply(weights("web", Map.of(A, 1.0, B, 1.0), true));
        assertEquals(Optional.of("service web " + NO_TARGET), gate.blocker(model));
        // a service no longer configured does not hold the node back
        gate.apply(weights("web", Map.of(A, 1.0), false));
        gate.apply(weights("old", Map.of(), false));
        assertEquals(Optional.empty(), gate.blocker(model));
        assertEquals(Optional.of("no services are configured"),
                gate.blocker(HoconModels.model(dir, "services = []")));
    }

    private static WeightsApplied weights(String service, Map<Endpoint, Double> effective, boolean panic) {
        return new WeightsApplied(Instant.now(), service, ServiceSpec.DEFAULT_GROUP, effective, panic);
    }
}
