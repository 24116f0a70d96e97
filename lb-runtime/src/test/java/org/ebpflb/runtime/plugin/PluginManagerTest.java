package org.ebpflb.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.runtime.dataplane.RecordingDataPlane;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.ebpflb.runtime.testing.Specs;
import org.ebpflb.runtime.testing.TestPlugins;
import org.ebpflb.testkit.RecordingEventBus;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping real plugins loaded from JAR directories. */
class PluginManagerTest {
    @TempDir
    Path work;

    private final ContributionRegistry registry = new ContributionRegistry();
    private final AtomicReference<Config> operator = new AtomicReference<>(ConfigFactory.empty());
    private final AtomicInteger reconcileRequests = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final PluginServices services = new PluginServices(() -> new StaticServiceModel(List.of(), List.of()),
            operator::get, new RecordingEventBus(), scheduler, executor, Clock.systemUTC(),
            new RecordingDataPlane().stats(), Optional.empty(), Optional.empty(), Optional.empty(),
            (s, g, c, p) -> Optional.empty(), new TestPluginContext.FixedRuntimeInfo("test", Map.of()),
            reconcileRequests::incrementAndGet);

    @BeforeEach
    void clearStops() {
        System.clearProperty("test.stops");
    }

    @AfterEach
    void stopExecutors() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void startsPluginsWithOperatorSettingsOverTheirDefaultsAndRecordsContributions() throws Exception {
        plugin("alpha", TestPlugins.REGISTERS_MODIFIER + "context.requestReconcile();",
                "lb.plugins.alpha { factor = 0.5 }");
        plugin("bravo", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.bravo { factor = 0.5 }");
        operator.set(ConfigFactory.parseString("alpha { factor = 0.25 }"));
        PluginManager manager = manager();

        manager.startAll(false);

        assertEquals(List.of(0.25, 0.5), registry.modifiers().stream()
                .map(m -> m.item().factor(target()).value()).toList());
        assertEquals(1, reconcileRequests.get());
        PluginRecord alpha = manager.records().get(0);
        assertEquals(PluginState.RUNNING, alpha.state());
        assertEquals(List.of("alpha (order 500, load)"), alpha.contributions().modifiers());
        assertEquals(work.resolve("plugins/alpha").toString(), alpha.location());
    }

    @Test
    void contextConfigFollowsAReloadedConfiguration() throws Exception {
        plugin("alpha", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.alpha { factor = 0.5 }");
        PluginManager manager = manager();
        manager.startAll(false);

        operator.set(ConfigFactory.parseString("alpha.factor = 0.75"));

        assertEquals(0.75, registry.modifiers().get(0).item().factor(target()).value());
    }

    @Test
    void disabledPluginIsNotStarted() throws Exception {
        plugin("alpha", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.alpha { factor = 0.5, enabled = false }");
        PluginManager manager = manager();

        manager.startAll(false);

        assertEquals(PluginState.DISABLED, manager.records().get(0).state());
        assertEquals(List.of(), registry.modifiers());
    }

    @Test
    void failingStartIsIsolatedAndWithdrawn() throws Exception {
        plugin("bad", TestPlugins.REGISTERS_MODIFIER + "throw new IllegalStateException(\"no backend\");",
                "lb.plugins.bad { factor = 0 }");
        plugin("good", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.good { factor = 1 }");
        PluginManager manager = manager();

        manager.startAll(false);

        Map<String, PluginRecord> records = byId(manager.records());
        assertEquals(PluginState.FAILED, records.get("bad").state());
        assertEquals(Optional.of("java.lang.IllegalStateException: no backend"), records.get("bad").error());
        assertEquals(List.of(), records.get("bad").contributions().modifiers());
        assertEquals(PluginState.RUNNING, records.get("good").state());
        assertEquals(List.of("good"), registry.modifiers().stream().map(r -> r.pluginId()).toList());
        assertEquals("bad,", System.getProperty("test.stops"), "a failed plugin is stopped to release its work");
    }

    @Test
    void routeOutsideTheApiIsRefusedAndFailsOnlyThatPlugin() throws Exception {
        plugin("rogue", "context.register(new AdminRoute(\"GET\", \"/metrics\", r -> AdminResponse.ok(1)));", null);
        PluginManager manager = manager();

        manager.startAll(false);

        PluginRecord rogue = manager.records().get(0);
        assertEquals(PluginState.FAILED, rogue.state());
        assertEquals(Optional.of("java.lang.IllegalArgumentException: admin route path /metrics must start with /api/"),
                rogue.error());
        assertEquals(List.of(), registry.routes());
    }

    @Test
    void registeringWhatIsNotDeclaredFailsTheStart() throws Exception {
        plugin("sneaky", TestPlugins.REGISTERS_MODIFIER
                + "context.register(new AdminRoute(\"GET\", \"/api/v1/sneaky\", r -> AdminResponse.ok(1)));", null);
        PluginManager manager = manager();

        manager.startAll(false);

        PluginRecord sneaky = manager.records().get(0);
        assertEquals(PluginState.FAILED, sneaky.state());
        assertEquals(Optional.of("java.lang.IllegalStateException: plugin sneaky registers admin route GET "
                + "/api/v1/sneaky, which it does not declare (Plugin.declaredRoutes() lists none)"), sneaky.error());
        assertEquals(List.of(), registry.modifiers(), "what it registered before is withdrawn");
    }

    @Test
    void aModifierWithAnotherOrderThanDeclaredFailsTheStart() throws Exception {
        plugin("shifty", TestPlugins.REGISTERS_MODIFIER.replace("ORDER_LOAD", "ORDER_HEALTH"), null);
        PluginManager manager = manager();

        manager.startAll(false);

        assertEquals(Optional.of("java.lang.IllegalStateException: plugin shifty registers weight modifier 'shifty' "
                + "with order 100 but declares order 500"), manager.records().get(0).error());
    }

    @Test
    void declaredContributionsAreListedWithoutStarting() throws Exception {
        plugin("alpha", "throw new IllegalStateException(\"must not start\");", null);
        List<PluginRecord> records = PluginManager.unstarted(catalog(), operator.get());

        assertEquals(PluginState.LOADED, records.get(0).state());
        assertEquals(List.of("alpha (order 500, load)"), records.get(0).contributions().modifiers());
    }

    @Test
    void requiredPluginFailureRefusesToStart() throws Exception {
        plugin("bad", "throw new IllegalStateException(\"no backend\");", null);
        operator.set(ConfigFactory.parseString("bad.required = true"));
        PluginManager manager = manager();

        PluginStartException e = assertThrows(PluginStartException.class, () -> manager.startAll(false));

        assertEquals("required plugin bad failed to start: java.lang.IllegalStateException: no backend",
                e.getMessage());
        assertTrue(manager.records().get(0).required());
    }

    @Test
    void fatalStartExceptionRefusesToStartEvenWhenNotRequired() throws Exception {
        plugin("fatal", "throw new FatalStartException(\"api.internal does not resolve\");", null);
        PluginManager manager = manager();

        PluginStartException e = assertThrows(PluginStartException.class, () -> manager.startAll(false));

        assertEquals("plugin fatal refuses to run: api.internal does not resolve", e.getMessage());
    }

    @Test
    void stopAllStopsInReverseOrderAndWithdrawsEverything() throws Exception {
        plugin("alpha", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.alpha { factor = 1 }");
        plugin("bravo", TestPlugins.REGISTERS_MODIFIER, "lb.plugins.bravo { factor = 1 }");
        PluginManager manager = manager();
        manager.startAll(false);

        manager.stopAll();

        assertEquals("bravo,alpha,", System.getProperty("test.stops"));
        assertEquals(List.of(), registry.modifiers());
        assertTrue(manager.records().stream().allMatch(r -> r.state() == PluginState.STOPPED));
    }

    private void plugin(String id, String startBody, String referenceConf) {
        TestPlugins.jar(work, work.resolve("plugins/" + id + "/" + id + ".jar"), id, "1.0", startBody,
                referenceConf);
    }

    private PluginManager manager() throws PluginLoadException {
        return new PluginManager(catalog(), registry, services);
    }

    private PluginCatalog catalog() throws PluginLoadException {
        return new PluginLoader(ModuleLayer.boot()).discover(work.resolve("plugins"), operator.get());
    }

    private static Map<String, PluginRecord> byId(List<PluginRecord> records) {
        return records.stream().collect(java.util.stream.Collectors.toMap(PluginRecord::id, r -> r));
    }

    private static Target target() {
        return new Target("web", "default", Endpoint.parse("198.18.1.1:80"), 1, Specs.ip("198.18.1.1", 80, 1));
    }
}
