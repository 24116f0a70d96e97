package org.ebpflb.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    @Test
    void distanceCountsEachEditOnce() {
        assertEquals(0, DidYouMean.distance("port", "port"));
        assertEquals(1, DidYouMean.distance("helth-check", "health-check"), "one insertion");
        assertEquals(1, DidYouMean.distance("wieght", "weight"), "one swap of neighbours");
        assertEquals(2, DidYouMean.distance("tcp", "udp"), "two substitutions");
        assertEquals(3, DidYouMean.distance("", "abc"));
    }

    @Test
    void suggestsTheClosestCandidateWithinASmallDistance() {
        List<String> keys = List.of("name", "listen", "hash", "targets", "source-routes", "health-check");
        assertEquals(Optional.of("health-check"), DidYouMean.suggest("helth-check", keys));
        assertEquals(Optional.of("targets"), DidYouMean.suggest("trgets", keys));
        assertEquals(Optional.empty(), DidYouMean.suggest("frobnicate", keys));
        assertEquals(Optional.empty(), DidYouMean.suggest("hx", keys), "short words need a closer match");
        assertEquals(" (did you mean 'hash'?)", DidYouMean.hint("hsah", keys));
        assertEquals("", DidYouMean.hint("frobnicate", keys));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirstCandidate() {
        assertEquals(Optional.of("bat"), DidYouMean.suggest("cat", List.of("rat", "bat")));
    }
}
