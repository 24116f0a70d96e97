package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** respect-ttl: the TTL dnsmasq returns ({@code --local-ttl}) drives the refresh, clamped to [min, max]. */
class TtlRefreshTest {
    private static final Duration MIN = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(4);

    @ParameterizedTest(name = "TTL {0}s, respect-ttl set on the {1}")
    @CsvSource({"0, plugin", "3, target", "3600, plugin"})
    void refreshFollowsTheClampedTtl(int localTtl, String where) throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(localTtl)) {
            dns.records("ttl.test", "198.18.0.1");
            ServiceSpec service = TestConfigs.service("""
                    name = ttl
                    targets = [ { host = "ttl.test", port = 80, dns-refresh = 30s %s } ]
                    """.formatted(where.equals("target") ? ", respect-ttl = true" : ""));
            String settings = """
                    servers = ["%s"]
                    jitter = 0
                    min-refresh = 2s
                    max-refresh = 4s
                    respect-ttl = %s
                    """.formatted(dns.server(), where.equals("plugin"));
            try (TestPluginContext context = new TestPluginContext(TestConfigs.settings(settings),
                    new StaticServiceModel(List.of(service), List.of()), Clock.systemUTC())) {
                DnsPlugin plugin = new DnsPlugin();
                plugin.start(context);
                try {
                    Map<String, Object> first = state(context);
                    Duration ttl = Duration.ofSeconds(localTtl);
                    Duration expected = ttl.compareTo(MIN) < 0 ? MIN : ttl.compareTo(MAX) > 0 ? MAX : ttl;
                    assertEquals(Durations.format(ttl), first.get("ttl"));
                    assertEquals(expected, between(first.get("lastResolution"), first.get("nextRefresh")));
                    // and the refresh really happens then, not at the 30 s interval
                    Poll.until(expected.plusSeconds(1), "a refresh after " + expected,
                            () -> !first.get("lastResolution").equals(state(context).get("lastResolution")));
                    Duration gap = between(first.get("lastResolution"), state(context).get("lastResolution"));
                    assertTrue(gap.compareTo(expected) >= 0 && gap.compareTo(expected.plusSeconds(1)) < 0,
                            "refreshed " + gap + " after the first resolution, expected " + expected);
                } finally {
                    plugin.stop();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(TestPluginContext context) {
        var all = (Map<String, Map<String, Map<String, Object>>>) context.statuses.get(0).snapshot();
        return all.get("ttl").get("ttl.test");
    }

    private static Duration between(Object from, Object to) {
        return Duration.between(Instant.parse((String) from), Instant.parse((String) to));
    }
}
