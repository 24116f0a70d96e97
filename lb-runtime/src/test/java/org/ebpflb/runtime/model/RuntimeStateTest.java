package org.ebpflb.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.testing.Specs;
import org.junit.jupiter.api.Test;

class RuntimeStateTest {
    private static final LbConfig FIRST = Specs.config(Specs.service("web", 80, Specs.ip("198.18.1.1", 80, 1)));
    private static final LbConfig SECOND = Specs.config(Specs.service("api", 81, Specs.ip("198.18.2.1", 80, 1)));

    @Test
    void modelCarriesTheConfigsServicesAndTheirTargets() {
        RuntimeState state = new RuntimeState(FIRST, List.of(target("198.18.1.1:80")));

        assertSame(FIRST, state.config());
        assertEquals(List.of("web"), state.model().services().stream().map(s -> s.name()).toList());
        assertTrue(state.model().service("web").isPresent());
        assertFalse(state.model().service("api").isPresent());
        assertEquals(1, state.model().targets().size());
    }

    @Test
    void expansionOfAReplacedConfigurationIsDiscarded() {
        RuntimeState state = new RuntimeState(FIRST, List.of());
        state.replaceConfig(SECOND, List.of());

        assertFalse(state.replaceTargets(FIRST, List.of(target("198.18.1.1:80"))), "computed from the old config");
        assertTrue(state.replaceTargets(SECOND, List.of(target("198.18.2.1:80"))));
        assertFalse(state.replaceTargets(SECOND, List.of(target("198.18.2.1:80"))), "nothing changed");
        assertEquals(List.of(Endpoint.parse("198.18.2.1:80")),
                state.model().targets().stream().map(Target::endpoint).toList());
    }

    private static Target target(String endpoint) {
        return new Target("web", "default", Endpoint.parse(endpoint), 1, Specs.ip("198.18.1.1", 80, 1));
    }
}
