package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.event.ConfigRejected;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.runtime.dataplane.RecordingDataPlane;
import org.ebpflb.runtime.testing.DemoPlugin;
import org.ebpflb.runtime.testing.Http;
import org.ebpflb.runtime.testing.PluginJars;
import org.ebpflb.runtime.testing.TestPlugins;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.GroupView;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.StatusView;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole runtime from a config file and a real plugin JAR, observed through its admin API. */
class LbRuntimeTest {
    private static final EngineTimings FAST = new EngineTimings(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofSeconds(30));
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @TempDir
    static Path shared;
    private static Path pluginDir;

    @TempDir
    Path work;
    private Path file;
    private LbRuntime runtime;

    @BeforeAll
    static void buildPlugin() {
        pluginDir = shared.resolve("plugins");
        DemoPlugin.build(shared, pluginDir);
    }

    @BeforeEach
    void writeConfig() throws Exception {
        System.clearProperty("test.stops");
        file = Files.writeString(work.resolve("lb.conf"), DemoPlugin.config(pluginDir, "127.0.0.1:" + freePort()));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aStatusSectionHoldingThePluginsOwnClassIsReportedAsAnErrorAndTheOthersStay() throws Exception {
        Path plugins = work.resolve("plugins");
        DemoPlugin.build(work, plugins);
        // a plugin's own record in its snapshot: the runtime does not open plugin packages to its JSON mapper
        PluginJars.module(work, plugins.resolve("rogue").resolve("rogue.jar"), "1.0", TestPlugins.sources("rogue", TestPlugins.moduleName("rogue"), """
                record Own(int value) { }
                context.register(new StatusProvider() {
                    public String section() { return "rogue"; }
                    public java.util.Map<String, ?> snapshot() { return java.util.Map.of("state", new Own(1)); }
                });
                """, """
                public java.util.List<String> declaredStatusSections() { return java.util.List.of("rogue"); }
                """, null), TestPlugins.apiModulePath());
        Files.writeString(file, DemoPlugin.config(plugins, "127.0.0.1:" + freePort()));
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);

        StatusView status = Json.mapper().readValue(Http.get(runtime.adminAddress(), "/api/v1/status").body(),
                StatusView.class);

        JsonNode rogue = Json.mapper().valueToTree(status.sections().get("rogue"));
        assertTrue(rogue.path("error").asText().startsWith("status of plugin rogue failed"), rogue.toString());
        JsonNode demo = Json.mapper().valueToTree(status.sections().get("demo"));
        assertEquals(4, demo.get("targets").asInt(), demo.toString());
    }

    @Test
    void runningInstanceServesStatusExplainAndPluginRoutes() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);

        StatusView status = Json.mapper().readValue(Http.get(runtime.adminAddress(), "/api/v1/status").body(),
                StatusView.class);
        assertEquals("t1", status.instance());
        assertEquals(RecordingDataPlane.DESCRIPTION, status.dataPlane());
        assertFalse(status.forwardsPackets());
        assertEquals("RUNNING", status.plugins().get(0).state());
        assertEquals(List.of("demo (order 300, administrative)"), status.plugins().get(0).modifiers());
        assertEquals(List.of("GET /api/v1/demo/{name}"), status.plugins().get(0).routes());
        JsonNode section = Json.mapper().valueToTree(status.sections().get("demo"));
        assertEquals("1970-01-01T00:00:00Z", section.get("since").asText());
        assertEquals(4, section.get("targets").asInt(), "2 literal + 2 expanded targets");

        ExplainView web = Json.mapper().readValue(
                Http.get(runtime.adminAddress(), "/api/v1/services/web/explain").body(), ExplainView.class);
        GroupView group = web.groups().get(0);
        assertEquals(List.of("demo"), group.modifiers());
        assertEquals(List.of(3.0, 0.5), group.targets().stream().map(t -> t.effective()).toList());
        assertEquals("scaled", group.targets().get(1).factors().get(0).reason());
        assertEquals(16381, group.targets().stream().mapToInt(t -> t.slots()).sum());

        ExplainView api = Json.mapper().readValue(
                Http.get(runtime.adminAddress(), "/api/v1/services/api/explain").body(), ExplainView.class);
        assertEquals(List.of(5.0, 5.0), api.groups().get(0).targets().stream().map(t -> t.base()).toList());

        HttpResponse<String> demo = Http.get(runtime.adminAddress(), "/api/v1/demo/there");
        assertEquals("{\"hello\":\"there\"}", demo.body());
        assertEquals(Set.of("web", "api"), recording().installed());
    }

    @Test
    void reloadSwapsTheModelWithoutRestartingPlugins() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        List<ConfigReloaded> reloaded = new CopyOnWriteArrayList<>();
        runtime.engine().events().subscribe(ConfigReloaded.class, reloaded::add);
        Files.writeString(file, Files.readString(file)
                .replace("weight = 3", "weight = 7")
                .replaceAll("(?s)\\{ name = \"api\".*?\\] \\}", ""));

        HttpResponse<String> r = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload", null, null);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of("api", "web"), Json.mapper().convertValue(
                Json.mapper().readTree(r.body()).get("changedServices"), List.class));
        Await.until("api removed from the data plane", () -> recording().installed().equals(Set.of("web")), LIMIT);
        Await.until("reload event", () -> reloaded.size() == 1, LIMIT);
        Await.until("model follows", () -> runtime.engine().state().model().targets().size() == 2, LIMIT);
        assertEquals(7.0, runtime.engine().reconciler().traces().get("web").groups().get(0).targets().get(0)
                .effective());
        assertNull(System.getProperty("test.stops"), "no plugin was stopped");
        assertEquals("RUNNING", runtime.engine().plugins().records().get(0).state().name());
    }

    @Test
    void invalidReloadKeepsTheRunningConfiguration() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        List<ConfigRejected> rejected = new CopyOnWriteArrayList<>();
        runtime.engine().events().subscribe(ConfigRejected.class, rejected::add);
        Files.writeString(file, "lb {\n  services = [ { name = \n");

        HttpResponse<String> r = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload", null, null);

        assertEquals(422, r.statusCode());
        String problem = Json.mapper().readTree(r.body()).get("problems").get(0).asText();
        assertTrue(problem.startsWith(file.toString() + ":"), problem);
        Await.until("rejection event", () -> rejected.size() == 1, LIMIT);
        assertEquals(List.of(problem), rejected.get(0).problems());
        assertEquals(Set.of("web", "api"), recording().installed());
        assertEquals(200, Http.get(runtime.adminAddress(), "/api/v1/services/api/explain").statusCode());
    }

    @Test
    void anEmptiedFileIsRefusedAndEveryServiceStays() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        Files.writeString(file, "");

        HttpResponse<String> r = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload", null, null);

        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("is empty (or only comments)"), r.body());
        assertEquals(Set.of("web", "api"), recording().installed());
        assertEquals(2, runtime.engine().state().config().services().size());
    }

    @Test
    void removingEveryServiceNeedsToBeAllowed() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        String none = Files.readString(file).replaceAll("(?s)services = \\[.*\\]\\s*\\}\\s*$",
                "services = []\n}\n");
        Files.writeString(file, none);

        HttpResponse<String> refused = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload", null, null);
        assertEquals(422, refused.statusCode(), refused.body());
        String problem = Json.mapper().readTree(refused.body()).get("problems").get(0).asText();
        assertTrue(problem.startsWith(file + ":" + lineOf(none, "services = []") + ": this reload would remove every "
                + "running service (web, api)"), problem);
        assertEquals(Set.of("web", "api"), recording().installed());

        HttpResponse<String> allowed = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload",
                "{\"allowRemoveAll\": true}", null);
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals(Set.of(), recording().installed(), "the answer comes after the apply");
    }

    @Test
    void aSettingOnlyARestartAppliesIsRefusedAtItsLine() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        String renamed = Files.readString(file).replace("instance = \"t1\"", "instance = \"t2\"");
        Files.writeString(file, renamed.replace("weight = 3", "weight = 7"));

        HttpResponse<String> r = Http.send(runtime.adminAddress(), "POST", "/api/v1/reload", null, null);

        assertEquals(422, r.statusCode(), r.body());
        assertEquals(file + ":" + lineOf(renamed, "instance = ") + ": lb.instance changed from 't1' to 't2': a reload "
                + "cannot apply it (the instance owns its lock and pinned state); restart lb run to change it",
                Json.mapper().readTree(r.body()).get("problems").get(0).asText());
        assertEquals(3.0, runtime.engine().reconciler().traces().get("web").groups().get(0).targets().get(0)
                .effective(), "the weight change in the same file is not applied either");
    }

    @Test
    void theFileWatchAppliesAnAtomicRenameAndKeepsStateOnAnInvalidEdit() throws Exception {
        Files.writeString(file, DemoPlugin.config(pluginDir, adminListen())
                .replace("dataplane { kind = recording }", "dataplane { kind = recording }\n  reload { watch = true }"));
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);
        List<ConfigRejected> rejected = new CopyOnWriteArrayList<>();
        runtime.engine().events().subscribe(ConfigRejected.class, rejected::add);
        String running = Files.readString(file);

        Path tmp = work.resolve("lb.conf.tmp");
        Files.writeString(tmp, running.replace("weight = 3", "weight = 9"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Await.until("weight 9 applied", () -> recording().tables("web").isPresent()
                && runtime.engine().reconciler().traces().get("web").groups().get(0).targets().get(0).effective()
                == 9.0, LIMIT);

        Files.writeString(tmp, running.replace("weight = 3", "weight = -1"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Await.until("invalid edit rejected", () -> rejected.size() == 1, LIMIT);
        assertTrue(rejected.get(0).problems().get(0).startsWith(file + ":"), rejected.get(0).problems().toString());
        assertEquals(9.0, runtime.engine().reconciler().traces().get("web").groups().get(0).targets().get(0)
                .effective());
        assertEquals(Set.of("web", "api"), recording().installed());
    }

    @Test
    void closingStopsPlugins() throws Exception {
        runtime = LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS);

        runtime.close();
        runtime = null;

        assertEquals("demo,", System.getProperty("test.stops"));
    }

    @Test
    void badConfigurationIsBadInputWithFileAndLine() throws Exception {
        Files.writeString(file, "lb {\n  admin = \n  services = [ { \n");

        StartupException e = assertThrows(StartupException.class,
                () -> LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS));

        assertEquals(StartupException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    }

    @Test
    void openAdminWithoutTokenIsBadInputBeforeAnythingStarts() throws Exception {
        Files.writeString(file, DemoPlugin.config(pluginDir, "0.0.0.0:" + freePort()));

        StartupException e = assertThrows(StartupException.class,
                () -> LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS));

        assertEquals(StartupException.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("is not a loopback address, so token-file must be set"), e.getMessage());
        assertNull(System.getProperty("test.stops"), "no plugin was even started");
    }

    @Test
    void busyAdminPortIsARuntimeFailureBeforeAnythingStarts() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(file, DemoPlugin.config(pluginDir, "127.0.0.1:" + busy.getLocalPort()));

            StartupException e = assertThrows(StartupException.class,
                    () -> LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS));

            assertEquals(StartupException.RUNTIME_FAILURE, e.exitCode());
            assertNull(System.getProperty("test.stops"), "the port is bound before any plugin starts");
        }
    }

    @Test
    void requiredPluginFailureIsARuntimeFailure() throws Exception {
        Path dir = work.resolve("plugins");
        TestPlugins.jar(work, dir.resolve("bad/bad.jar"), "bad", null, "throw new IllegalStateException(\"nope\");",
                null);
        Files.writeString(file, "lb { plugin-dir = \"" + dir + "\", admin.listen = \"127.0.0.1:" + freePort() + "\", dataplane.kind = recording, "
                + "plugins.bad.required = true, services = [] }");

        StartupException e = assertThrows(StartupException.class,
                () -> LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS));

        assertEquals(StartupException.RUNTIME_FAILURE, e.exitCode());
        assertEquals("required plugin bad failed to start: java.lang.IllegalStateException: nope", e.getMessage());
    }

    @Test
    void unloadablePluginDirectoryIsBadInput() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plugins/empty"));
        Files.writeString(file, "lb { plugin-dir = \"" + dir.getParent() + "\", services = [] }");

        StartupException e = assertThrows(StartupException.class,
                () -> LbRuntime.start(file, Clock.systemUTC(), FAST, RunOptions.DEFAULTS));

        assertEquals(StartupException.BAD_INPUT, e.exitCode());
        assertEquals("plugin directory " + dir + " holds no JAR file", e.getMessage());
    }

    private RecordingDataPlane recording() {
        return (RecordingDataPlane) runtime.engine().dataPlane();
    }

    private static String adminListen() throws java.io.IOException {
        return "127.0.0.1:" + freePort();
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line holds " + needle);
    }

    /** The admin API needs a concrete port (validation refuses 0): take one the kernel just handed out. */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
