package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventEmissionTest {
    @Test
    void theThreeFormsAndTheirValues() {
        assertEquals(Optional.of(1), EventEmission.parse("all"));
        assertEquals(Optional.of(0), EventEmission.parse("off"));
        assertEquals(Optional.of(100), EventEmission.parse("sampled(100)"));
        assertEquals(Optional.of(7), EventEmission.parse(" sampled( 7 ) "));
        assertEquals(Optional.of(EventEmission.MAX_SAMPLE), EventEmission.parse("sampled(1000000)"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : List.of("", "ALL", "on", "sampled", "sampled()", "sampled(1)", "sampled(0)",
                "sampled(-5)", "sampled(1000001)", "sampled(9999999999)", "sampled(10) all")) {
            assertEquals(Optional.empty(), EventEmission.parse(bad), bad);
        }
    }

    @Test
    void badValuesInAFileAreReportedAtTheirLine() {
        String f = "events.conf";
        assertEquals(List.of(
                at(f, "events = sometimes", EventEmission.refusal("sometimes")),
                at(f, "events = \"sampled(1)\"", EventEmission.refusal("sampled(1)")),
                at(f, "events = \"sampled(2000000)\"", EventEmission.refusal("sampled(2000000)")),
                at(f, "events = [all]", "'events' must be a string (found a list)")),
                problems(f));
    }
}
