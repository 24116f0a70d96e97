package org.ebpflb.plugin.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.testkit.HoconModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitKeysTest {
    @TempDir
    Path dir;

    private final RateLimitKeys keys = new RateLimitKeys();

    /** @param block the service's rate-limit value, written on line 4 of the file */
    private List<String> problems(String block) {
        return problems("198.18.1.2", block);
    }

    /**
     * @param target the ip of the service's one target, which sets its family
     * @param block the service's rate-limit value, written on line 4 of the file
     */
    private List<String> problems(String target, String block) {
        List<ConfigProblem> found = keys.validate(HoconModels.services(dir, """
                services = [{
                  name = web
                  targets = [ { ip = "%s", port = 8080 } ]
                  rate-limit = %s
                }]
                """.formatted(target, block)).get(0));
        return found.stream().map(p -> p.toString().replaceAll("^.*/lb-[0-9]+\\.conf", "lb.conf")).toList();
    }

    @Test
    void ownsTheServiceKeyRateLimit() {
        assertEquals(Set.of("rate-limit"), keys.serviceKeys());
        assertEquals(Set.of(), keys.targetKeys());
    }

    @Test
    void acceptsTheWholeBlockAndPartsOfIt() {
        assertEquals(List.of(), problems("""
                { per-source { rate = 100, burst = 200, prefix = 32 }, per-backend { rate = 1000, burst = 2000 },
                    allow = ["198.18.0.0/24"] }"""));
        assertEquals(List.of(), problems("{ per-source.rate = 5 }"));
        assertEquals(List.of(), problems("{ per-backend { rate = 0 } }"));
    }

    @Test
    void reportsEveryBadValueAtItsLine() {
        assertEquals(List.of(
                "lb.conf:5: rate-limit.per-source.rate must be between 0 and 1000000, got -1",
                "lb.conf:6: rate-limit.per-source.prefix must be between 0 and 32, got 33",
                "lb.conf:7: rate-limit.per-backend.burst must be between 1 and 1000000, got 0",
                "lb.conf:8: rate-limit.allow[0] 2001:db8::/32 is IPv6 but service 'web' is IPv4, so its clients are "
                        + "IPv4"),
                problems("""
                {
                    per-source { rate = -1
                      prefix = 33 }
                    per-backend { rate = 10, burst = 0 }
                    allow = ["2001:db8::/32"]
                  }"""));
    }

    @Test
    void anIpv6ServiceTakesIpv6AllowPrefixesAndPrefixesUpTo128() {
        assertEquals(List.of(), problems("2001:db8:12:1::2", """
                { per-source { rate = 100, prefix = 64 }, allow = ["2001:db8:12::/48", "::/0"] }"""));
        assertEquals(List.of(
                "lb.conf:5: rate-limit.per-source.prefix must be between 0 and 128, got 129",
                "lb.conf:6: rate-limit.allow[1] 198.18.0.0/24 is IPv4 but service 'web' is IPv6, so its clients are "
                        + "IPv6"),
                problems("2001:db8:12:1::2", """
                {
                    per-source { rate = 1, prefix = 129 }
                    allow = ["2001:db8:12::/48", "198.18.0.0/24"]
                  }"""));
    }

    @Test
    void refusesUnknownKeysAndAValueThatIsNoBlock() {
        assertEquals(List.of("lb.conf:4: unknown key 'per-sources' in rate-limit (did you mean 'per-source'?)"),
                problems("{ per-sources { rate = 1 } }"));
        assertEquals(List.of("lb.conf:4: rate-limit must be an object { per-source { ... }, per-backend { ... }, "
                + "allow = [ ... ] } in service 'web'"), problems("100"));
    }
}
