package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(300);

    @Test
    void clampsTtlIntoMinAndMax() {
        RefreshPolicy policy = new RefreshPolicy(MIN, MAX, 0, new SplittableRandom(1));
        assertEquals(MIN, policy.clamp(Duration.ZERO));
        assertEquals(Duration.ofSeconds(42), policy.clamp(Duration.ofSeconds(42)));
        assertEquals(MAX, policy.clamp(Duration.ofDays(1)));
    }

    @Test
    void followsTtlOnlyWhenAsked() {
        RefreshPolicy policy = new RefreshPolicy(MIN, MAX, 0, new SplittableRandom(1));
        Duration ttl = Duration.ofSeconds(5);
        assertEquals(ttl, policy.afterSuccess(new RefreshSettings(Duration.ofSeconds(30), true), ttl));
        assertEquals(Duration.ofSeconds(30), policy.afterSuccess(new RefreshSettings(Duration.ofSeconds(30), false),
                ttl));
        assertEquals(Duration.ofSeconds(30), policy.afterFailure(new RefreshSettings(Duration.ofSeconds(30), true)));
    }

    @Test
    void jitterSpreadsRefreshesWithinTheFraction() {
        RefreshPolicy policy = new RefreshPolicy(MIN, MAX, 0.1, new SplittableRandom(7));
        RefreshSettings every30s = new RefreshSettings(Duration.ofSeconds(30), false);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration d = policy.afterSuccess(every30s, Duration.ZERO);
            assertTrue(d.compareTo(Duration.ofSeconds(27)) >= 0 && d.compareTo(Duration.ofSeconds(33)) <= 0,
                    d.toString());
            seen.add(d);
        }
        assertTrue(seen.size() > 900, "names configured alike must not refresh in lockstep: " + seen.size());
    }
}
