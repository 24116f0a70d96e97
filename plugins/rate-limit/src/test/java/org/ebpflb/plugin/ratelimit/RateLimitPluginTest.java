package org.ebpflb.plugin.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.dataplane.RateLimits.Scope;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitPluginTest {
    private static final String SERVICES = """
            services = [
              { name = own, targets = [ { ip = "198.18.1.2", port = 80 } ]
                rate-limit { per-source { rate = 100, burst = 200, prefix = 24 }, per-backend.rate = 1000,
                             allow = ["198.18.0.0/24"] } }
              { name = inherits, targets = [ { ip = "198.18.1.3", port = 80 } ] }
              { name = off, targets = [ { ip = "198.18.1.4", port = 80 } ], rate-limit.per-source.rate = 0 }
            ]
            """;

    @TempDir
    Path dir;

    private final RecordingRateLimits port = new RecordingRateLimits();

    /** @param overrides HOCON inside lb.plugins.rate-limit, over the plugin's reference.conf */
    private static Config settings(String overrides) {
        Config reference = ConfigFactory.parseURL(RateLimitPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseString("lb.plugins.rate-limit {\n" + overrides + "\n}").withFallback(reference)
                .resolve().getConfig("lb.plugins.rate-limit");
    }

    private TestPluginContext context(String pluginWide, String services) {
        return new TestPluginContext(settings(pluginWide), HoconModels.model(dir, services), Clock.systemUTC());
    }

    private static Map<String, Object> status(TestPluginContext ctx) {
        return ((RateLimitStatus) ctx.statuses.get(0)).snapshot();
    }

    @Test
    void givesEachServiceItsBlockOverThePluginWideLimits() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("required = true, per-source { rate = 10, burst = 30 }", SERVICES)) {
            ctx.setRateLimits(port);
            plugin.start(ctx);
            assertEquals(Map.of(
                    "own", new Limits(Optional.of(new TokenBucket(100, 200)), 24,
                            Optional.of(new TokenBucket(1000, 1000)), List.of(Cidr.parse("198.18.0.0/24"))),
                    "inherits", new Limits(Optional.of(new TokenBucket(10, 30)), 32, Optional.empty(), List.of())),
                    port.snapshot(), "burst left unset is one second's worth; rate 0 limits nothing");
        } finally {
            plugin.stop();
        }
    }

    @Test
    void eachServiceTakesThePluginWideAllowPrefixesOfItsFamilyAndAnIpv6ServiceItsOwnPrefix() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("per-source { rate = 10, prefix = 24 }, allow = [\"198.18.0.0/24\", "
                + "\"2001:db8:12::/48\"]", """
                services = [
                  { name = four, targets = [ { ip = "198.18.1.2", port = 80 } ] }
                  { name = six, targets = [ { ip = "2001:db8:12:1::2", port = 80 } ] }
                  { name = six64, targets = [ { ip = "2001:db8:12:1::3", port = 80 } ],
                    rate-limit.per-source.prefix = 64 }
                ]
                """)) {
            ctx.setRateLimits(port);
            plugin.start(ctx);
            Optional<TokenBucket> ten = Optional.of(new TokenBucket(10, 10));
            List<Cidr> six = List.of(Cidr.parse("2001:db8:12::/48"));
            assertEquals(Map.of(
                    "four", new Limits(ten, 24, Optional.empty(), List.of(Cidr.parse("198.18.0.0/24"))),
                    "six", new Limits(ten, 128, Optional.empty(), six),
                    "six64", new Limits(ten, 64, Optional.empty(), six)), port.snapshot(),
                    "the plugin-wide prefix counts IPv4 bits: an IPv6 service keys each address unless it says");
        } finally {
            plugin.stop();
        }
    }

    @Test
    void aReloadChangesSetsAndClears() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("", SERVICES)) {
            ctx.setRateLimits(port);
            plugin.start(ctx);
            assertEquals(List.of("own"), List.copyOf(port.snapshot().keySet()));
            ctx.setModel(HoconModels.model(dir, """
                    services = [
                      { name = own, targets = [ { ip = "198.18.1.2", port = 80 } ], rate-limit.per-source.rate = 7 }
                      { name = added, targets = [ { ip = "198.18.1.5", port = 80 } ], rate-limit.per-backend.rate = 3 }
                    ]
                    """));
            ctx.events().publish(new ConfigReloaded(Instant.now(), "lb.conf", List.of("own", "added")));
            assertEquals(Map.of(
                    "own", new Limits(Optional.of(new TokenBucket(7, 7)), 32, Optional.empty(), List.of()),
                    "added", new Limits(Optional.empty(), 32, Optional.of(new TokenBucket(3, 3)), List.of())),
                    port.snapshot());
            ctx.setModel(HoconModels.model(dir, "services = [ { name = own, targets = [ { ip = \"198.18.1.2\", "
                    + "port = 80 } ] } ]"));
            ctx.events().publish(new ConfigReloaded(Instant.now(), "lb.conf", List.of("own", "added")));
            assertEquals(Map.of(), port.snapshot(), "limits removed from the file are cleared");
        } finally {
            plugin.stop();
        }
    }

    @Test
    void statusAndAdminRouteShowLimitsAndDrops() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("", SERVICES)) {
            ctx.setRateLimits(port);
            port.drops.put("own", Map.of(Scope.SOURCE, 12L, Scope.BACKEND, 3L));
            plugin.start(ctx);
            Map<String, Object> own = Map.of(
                    "per-source", Map.of("rate", 100L, "burst", 200L, "prefix", 24),
                    "per-backend", Map.of("rate", 1000L, "burst", 1000L),
                    "allow", List.of("198.18.0.0/24"),
                    "dropped", Map.of("source", 12L, "backend", 3L));
            Map<String, Object> expected = Map.of("enforced", true, "services", Map.of("own", own));
            assertEquals("rate-limit", ctx.statuses.get(0).section());
            assertEquals(expected, ctx.statuses.get(0).snapshot());
            assertEquals(RateLimitStatus.PATH, ctx.routes.get(0).path());
            assertTrue(plugin.declaredRoutes().get(0).matches(ctx.routes.get(0)), "the route is declared");
            assertEquals(List.of(ctx.statuses.get(0).section()), plugin.declaredStatusSections());
            AdminResponse answer = ctx.routes.get(0).handler().handle(null);
            assertEquals(expected, answer.body());
        } finally {
            plugin.stop();
        }
    }

    @Test
    void limitsTheDataPlaneRefusesAreReportedAndTheOthersStillApply() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("per-source.rate = 10", SERVICES)) {
            port.refuse = "own";
            ctx.setRateLimits(port);
            plugin.start(ctx);
            assertEquals(List.of("inherits"), List.copyOf(port.snapshot().keySet()));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) status(ctx)
                    .get("services");
            assertEquals("service own: refused by the test", services.get("own").get("refused"));
            assertFalse(services.get("inherits").containsKey("refused"));
        } finally {
            plugin.stop();
        }
    }

    @Test
    void withoutADataPlanePortTheLimitsAreShownNotEnforced() throws Exception {
        RateLimitPlugin plugin = new RateLimitPlugin();
        try (TestPluginContext ctx = context("", SERVICES)) {
            plugin.start(ctx);
            Map<String, Object> status = status(ctx);
            assertEquals(false, status.get("enforced"));
            assertTrue(((Map<?, ?>) status.get("services")).containsKey("own"));
        } finally {
            plugin.stop();
        }
    }

    @Test
    void badPluginWideSettingsAreReportedWithTheirPath() {
        List<String> problems = new RateLimitPlugin().validateSettings(settings("""
                per-source { rate = 2000000, burst = many }
                allow = ["198.18.0.0/33"]
                """)).stream().map(ConfigProblem::message).toList();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("lb.plugins.rate-limit.per-source.rate must be between 0 and 1000000"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("lb.plugins.rate-limit.per-source.burst"), problems.get(1));
        assertTrue(problems.get(2).startsWith("lb.plugins.rate-limit.allow[0]"), problems.get(2));
        assertEquals(List.of(), new RateLimitPlugin().validateSettings(settings("")));
        assertEquals(List.of(), new RateLimitPlugin().validateSettings(settings("required = true")),
                "the runtime's own keys of the plugin-wide block are the runtime's to check");
    }
}
