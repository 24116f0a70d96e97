package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.event.DnsRegistrationFailed;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.testkit.Await;
import org.ebpflb.testkit.HoconModels;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin through its entry point, on a {@link TestPluginContext}; nothing leaves loopback. */
class DnsRegistrationPluginTest {
    @TempDir
    Path dir;

    @Test
    void unconfiguredItStaysIdleAndSaysWhy() throws Exception {
        DnsRegistrationPlugin plugin = new DnsRegistrationPlugin();
        try (TestPluginContext context = new TestPluginContext(ConfigFactory.parseResources(getClass()
                .getClassLoader(), "reference.conf").getConfig("lb.plugins.dns-registration"), model(),
                Clock.systemUTC())) {
            plugin.start(context);
            assertDeclared(plugin, context);
            assertEquals(Map.of("active", false, "reason", "fqdn, zone and server are not set"),
                    context.statuses.get(0).snapshot());
            AdminResponse block = route(context, "POST", RegistrationAdmin.BLOCK_PATH)
                    .handle(request(Map.of("ip", "198.18.0.12", "for", "15m")));
            assertEquals(409, block.status());
            plugin.stop();
        }
    }

    @Test
    void aReloadThatChangesItsSettingsIsRefusedOnceItRunsAndAcceptedWhenNothingChanged() throws Exception {
        Config reference = ConfigFactory.parseResources(getClass().getClassLoader(), "reference.conf")
                .getConfig("lb.plugins.dns-registration");
        Config configured = TestSettings.config(dir, "");
        DnsRegistrationPlugin plugin = new DnsRegistrationPlugin();
        assertEquals(List.of(), plugin.validateSettings(configured), "not running: lb validate judges values only");
        try (TestPluginContext context = new TestPluginContext(reference, model(), Clock.systemUTC())) {
            plugin.start(context);
            assertEquals(List.of(), plugin.validateSettings(reference), "nothing changed: the reload goes ahead");
            List<String> refused = plugin.validateSettings(configured).stream().map(ConfigProblem::toString).toList();
            Path file = dir.resolve("lb.conf");
            assertEquals(List.of(
                    file + ":5: lb.plugins.dns-registration.check-interval changed from '1m' to '5s'",
                    file + ":1: lb.plugins.dns-registration.fqdn changed from null to 'web.lb.test'",
                    file + ":3: lb.plugins.dns-registration.server changed from null to '127.0.0.1:5300'",
                    file + ":4: lb.plugins.dns-registration.tsig.name changed from null to 'lb-update'",
                    file + ":4: lb.plugins.dns-registration.tsig.secret-file changed from null to '"
                            + dir.resolve("tsig.secret") + "'",
                    file + ":2: lb.plugins.dns-registration.zone changed from null to 'lb.test'"),
                    refused.stream().map(p -> p.substring(0, p.indexOf(": a reload cannot apply it"))).toList());
            assertTrue(refused.get(0).endsWith(": a reload cannot apply it (the dns-registration plugin reads its "
                    + "settings at start); restart lb run to change it"), refused.get(0));
            plugin.stop();
        }
    }

    @Test
    void anUnreachableServerIsCountedAndReportedAndStopDoesNotThrow() throws Exception {
        int closedPort;
        int probePort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            closedPort = a.getLocalPort();
            probePort = b.getLocalPort();
        }
        DnsRegistrationPlugin plugin = new DnsRegistrationPlugin();
        try (TestPluginContext context = new TestPluginContext(TestSettings.config(dir, """
                server = "127.0.0.1:%d"
                address = "127.0.0.1"
                tcp-port = %d
                """.formatted(closedPort, probePort)), model(), Clock.systemUTC())) {
            plugin.start(context);
            assertDeclared(plugin, context);
            context.events().publish(new WeightsApplied(Instant.now(), "web", ServiceSpec.DEFAULT_GROUP,
                    Map.of(Endpoint.parse("198.18.1.2:8080"), 1.0), false));
            Await.until("a failure reported", () -> !context.events().published(DnsRegistrationFailed.class).isEmpty(),
                    Duration.ofSeconds(20));
            DnsRegistrationFailed failed = context.events().published(DnsRegistrationFailed.class).get(0);
            assertTrue(failed.reason().startsWith("cannot reach DNS server 127.0.0.1:" + closedPort), failed.reason());
            AdminResponse status = route(context, "GET", RegistrationAdmin.PATH).handle(request(Map.of()));
            assertEquals(200, status.status());
            Map<?, ?> body = (Map<?, ?>) status.body();
            assertTrue(((Long) body.get("errors")) >= 1, body.toString());
            AdminResponse unblock = route(context, "POST", RegistrationAdmin.UNBLOCK_PATH)
                    .handle(request(Map.of("ip", "not-an-ip")));
            assertEquals(400, unblock.status());
            AdminResponse replace = route(context, "POST", RegistrationAdmin.ROLLING_REPLACE_PATH)
                    .handle(request(Map.of("region", "198.18.0.1/24")));
            assertEquals(400, replace.status());
            assertTrue(String.valueOf(replace.body()).contains("has host bits set"), replace.body().toString());
            plugin.stop();
        }
    }

    private static void assertDeclared(DnsRegistrationPlugin plugin, TestPluginContext context) {
        for (AdminRoute r : context.routes) {
            assertTrue(plugin.declaredRoutes().contains(new DeclaredRoute(r.method(), r.path())), r.toString());
        }
        assertEquals(plugin.declaredRoutes().size(), context.routes.size());
        assertEquals(plugin.declaredStatusSections(), context.statuses.stream().map(s -> s.section()).toList());
    }

    private static AdminRoute.Handler route(TestPluginContext context, String method, String path) {
        return context.routes.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow().handler();
    }

    private static AdminRequest request(Map<String, Object> body) {
        return new AdminRequest("POST", "/", Map.of(), Map.of(), body);
    }

    private org.ebpflb.api.model.ServiceModel model() {
        return HoconModels.model(dir, "services = [{ name = web, targets = [{ ip = \"198.18.1.2\", port = 8080 }] }]");
    }
}
