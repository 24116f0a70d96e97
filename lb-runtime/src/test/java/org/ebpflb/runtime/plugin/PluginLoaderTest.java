package org.ebpflb.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.ApiVersion;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.runtime.testing.PluginJars;
import org.ebpflb.runtime.testing.TestPlugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Discovery from real JAR directories, each compiled from source in the test. */
class PluginLoaderTest {
    @TempDir
    Path work;

    private final PluginLoader loader = new PluginLoader(ModuleLayer.boot(), Optional.empty());

    @Test
    void directoryBecomesAChildLayerWithVersionLocationAndDefaults() throws Exception {
        Path dir = work.resolve("plugins/alpha");
        TestPlugins.jar(work, dir.resolve("alpha.jar"), "alpha", "1.2.3", "",
                "lb.plugins.alpha { factor = 0.5, greeting = hi }\nlb.plugins.other { x = 1 }");

        PluginCatalog catalog = loader.discover(work.resolve("plugins"), ConfigFactory.empty());

        assertEquals(1, catalog.loaded().size());
        DiscoveredPlugin alpha = catalog.loaded().get(0);
        assertEquals("alpha", alpha.id());
        assertEquals("1.2.3", alpha.version());
        assertEquals(dir.toString(), alpha.location());
        assertEquals(0.5, alpha.defaults().getDouble("factor"));
        assertEquals("hi", alpha.defaults().getString("greeting"));
        assertFalse(alpha.defaults().hasPath("x"), "only the plugin's own subtree");
        Module module = alpha.plugin().getClass().getModule();
        assertEquals(TestPlugins.moduleName("alpha"), module.getName());
        assertEquals(List.of(ModuleLayer.boot()), module.getLayer().parents());
    }

    @Test
    void directoryShippingItsOwnApiAndSlf4jStillLinksAgainstTheRuntimes() throws Exception {
        Path dir = work.resolve("plugins/alpha");
        TestPlugins.jar(work, dir.resolve("alpha.jar"), "alpha", null, "", null);
        PluginJars.copyOf(Plugin.class, dir.resolve("lb-api.jar"));
        PluginJars.copyOf(LoggerFactory.class, dir.resolve("slf4j-api.jar"));

        DiscoveredPlugin alpha = loader.discover(work.resolve("plugins"), ConfigFactory.empty()).loaded().get(0);

        assertTrue(alpha.plugin() instanceof Plugin);
        ModuleLayer layer = alpha.plugin().getClass().getModule().getLayer();
        assertEquals(Set.of(TestPlugins.moduleName("alpha")),
                layer.modules().stream().map(Module::getName).collect(java.util.stream.Collectors.toSet()));
        assertSame(Plugin.class.getModule(), layer.findModule("org.ebpflb.api").orElseThrow());
        assertEquals("unknown", alpha.version());
    }

    @Test
    void pluginUsesItsOwnDependencyJarFromTheSameDirectory() throws Exception {
        Path dir = work.resolve("plugins/alpha");
        PluginJars.module(work, dir.resolve("helper.jar"), "2.0", Map.of(
                "module-info.java", "module test.helper { exports test.helper; }",
                "test/helper/Answer.java", "package test.helper; public class Answer { "
                        + "public static String value() { return \"42\"; } }"), List.of());
        Map<String, String> sources = new java.util.HashMap<>(TestPlugins.sources("alpha",
                "System.setProperty(\"test.plugin.alpha.answer\", test.helper.Answer.value());", null));
        sources.put("module-info.java", "module test.plugin.alpha { requires org.ebpflb.api; requires test.helper;"
                + " provides org.ebpflb.api.spi.Plugin with test.plugin.alpha.TestPlugin; }");
        PluginJars.module(work, dir.resolve("alpha.jar"), null, sources,
                List.of(PluginJars.locationOf(Plugin.class), PluginJars.locationOf(Config.class),
                        dir.resolve("helper.jar")));

        DiscoveredPlugin alpha = loader.discover(work.resolve("plugins"), ConfigFactory.empty()).loaded().get(0);
        alpha.plugin().start(null);

        assertEquals("42", System.getProperty("test.plugin.alpha.answer"));
        ModuleLayer layer = alpha.plugin().getClass().getModule().getLayer();
        assertTrue(layer.findModule("test.helper").isPresent());
        assertFalse(layer.findLoader("test.helper") == layer.findLoader(TestPlugins.moduleName("alpha")),
                "one class loader per module");
    }

    @Test
    void directoryWithoutProviderFailsNamingTheDirectory() {
        Path dir = work.resolve("plugins/helper-only");
        PluginJars.module(work, dir.resolve("helper.jar"), null,
                Map.of("module-info.java", "module test.helper { exports test.helper; }",
                        "test/helper/Answer.java", "package test.helper; public class Answer { }"), List.of());

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> loader.discover(work.resolve("plugins"), ConfigFactory.empty()));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds no plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("test.helper"), e.getMessage());
    }

    @Test
    void recordsTheApiVersionThePluginWasCompiledAgainst() throws Exception {
        TestPlugins.jar(work, work.resolve("plugins/alpha/alpha.jar"), "alpha", "1.0.0", "", null);

        DiscoveredPlugin alpha = loader.discover(work.resolve("plugins"), ConfigFactory.empty()).loaded().get(0);

        assertEquals(ApiVersion.current(), alpha.apiVersion(), "javac records lb-api's module version");
    }

    @Test
    void aPluginBuiltForAnotherApiMajorIsRefusedNamingBothVersions() throws Exception {
        // an lb-api of a future major, just enough of it to compile a plugin against
        Path futureApi = PluginJars.module(work, work.resolve("future-api/lb-api.jar"), "2.0", Map.of(
                "module-info.java", "module org.ebpflb.api { exports org.ebpflb.api.spi; }",
                "org/ebpflb/api/spi/Plugin.java", "package org.ebpflb.api.spi; public interface Plugin {"
                        + " String id(); void start(PluginContext c) throws Exception; }",
                "org/ebpflb/api/spi/PluginContext.java", "package org.ebpflb.api.spi; public interface PluginContext {}"),
                List.of());
        PluginJars.module(work, work.resolve("plugins/future/future.jar"), "3.0.0", Map.of(
                "module-info.java", "module test.future { requires org.ebpflb.api;"
                        + " provides org.ebpflb.api.spi.Plugin with test.future.Future; }",
                "test/future/Future.java", "package test.future; import org.ebpflb.api.spi.*;"
                        + " public final class Future implements Plugin { public String id() { return \"future\"; }"
                        + " public void start(PluginContext c) { } }"), List.of(futureApi));

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> loader.discover(work.resolve("plugins"), ConfigFactory.empty()));

        assertEquals("plugin future 3.0.0 from " + work.resolve("plugins/future") + " was built for plugin API 2.0, "
                + "but this ebpf-lb provides plugin API " + ApiVersion.current() + " (a different major version); "
                + "rebuild it against lb-api " + ApiVersion.current().split("\\.")[0] + ".x", e.getMessage());
    }

    @Test
    void compatibilityFollowsMajorAndMinor() {
        assertEquals(Optional.empty(), ApiCompatibility.problem("1.0", "1.2"), "older minor runs");
        assertEquals(Optional.empty(), ApiCompatibility.problem("unknown", "1.2"), "unrecorded runs");
        assertTrue(ApiCompatibility.problem("1.3", "1.2").orElseThrow().contains("newer than the plugin API 1.2"));
        assertTrue(ApiCompatibility.problem("0.9", "1.2").orElseThrow().contains("a different major version"));
        assertTrue(ApiCompatibility.problem("0.1.0-SNAPSHOT", "1.0").isPresent(), "a build version is no API");
    }

    @Test
    void aThrowingConstructorIsReportedWithItsCause() {
        Path dir = work.resolve("plugins/alpha");
        PluginJars.module(work, dir.resolve("alpha.jar"), null, TestPlugins.sources("alpha",
                TestPlugins.moduleName("alpha"), "", "public TestPlugin() { throw new IllegalStateException("
                        + "\"no licence file\"); }", null), TestPlugins.apiModulePath());

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> loader.discover(work.resolve("plugins"), ConfigFactory.empty()));

        assertTrue(e.getMessage().endsWith("(caused by java.lang.IllegalStateException: no licence file)"),
                e.getMessage());
    }

    @Test
    void aLooseJarInThePluginDirectoryIsIgnored() throws Exception {
        TestPlugins.jar(work, work.resolve("plugins/alpha/alpha.jar"), "alpha", null, "", null);
        TestPlugins.jar(work, work.resolve("plugins/beta.jar"), "beta", null, "", null);

        PluginCatalog catalog = loader.discover(work.resolve("plugins"), ConfigFactory.empty());

        assertEquals(List.of("alpha"), catalog.loaded().stream().map(DiscoveredPlugin::id).toList(),
                "beta.jar is warned about (logged) and not loaded");
    }

    @Test
    void directoryWithoutJarFailsNamingTheDirectory() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plugins/empty"));
        Files.writeString(dir.resolve("README.txt"), "nothing here");

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> loader.discover(work.resolve("plugins"), ConfigFactory.empty()));

        assertEquals("plugin directory " + dir + " holds no JAR file", e.getMessage());
    }

    @Test
    void idMustEqualTheDirectoryName() {
        Path dir = work.resolve("plugins/beta");
        TestPlugins.jar(work, dir.resolve("alpha.jar"), "alpha", null, "", null);

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> loader.discover(work.resolve("plugins"), ConfigFactory.empty()));

        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("'alpha'"), e.getMessage());
    }

    @Test
    void duplicateIdFailsNamingBothLocations() throws Exception {
        Path builtInJar = TestPlugins.jar(work, work.resolve("lib/alpha-builtin.jar"), "alpha", null, "", null);
        ModuleLayer base = layerOf(builtInJar, TestPlugins.moduleName("alpha"));
        Path dir = work.resolve("plugins/alpha");
        PluginJars.module(work, dir.resolve("alpha.jar"), null,
                TestPlugins.sources("alpha", "test.other.alpha", "", null), TestPlugins.apiModulePath());

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> new PluginLoader(base, Optional.empty()).discover(work.resolve("plugins"),
                        ConfigFactory.empty()));

        assertTrue(e.getMessage().contains("'alpha' is provided twice"), e.getMessage());
        assertTrue(e.getMessage().contains("by built-in") && e.getMessage().contains("by " + dir), e.getMessage());
    }

    @Test
    void sameModuleInADirectoryAndBuiltInFailsNamingIt() throws Exception {
        Path builtInJar = TestPlugins.jar(work, work.resolve("lib/alpha-builtin.jar"), "alpha", null, "", null);
        ModuleLayer base = layerOf(builtInJar, TestPlugins.moduleName("alpha"));
        Path dir = work.resolve("plugins/alpha");
        TestPlugins.jar(work, dir.resolve("alpha.jar"), "alpha", null, "", null);

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> new PluginLoader(base, Optional.empty()).discover(work.resolve("plugins"),
                        ConfigFactory.empty()));

        assertTrue(e.getMessage().startsWith("plugin directory " + dir + " holds plugin module test.plugin.alpha, "
                + "which is already loaded as a built-in"), e.getMessage());
    }

    @Test
    void builtInsComeFirstThenDirectoriesByName() throws Exception {
        Path builtInJar = TestPlugins.jar(work, work.resolve("lib/zulu.jar"), "zulu", "9", "", null);
        ModuleLayer base = layerOf(builtInJar, TestPlugins.moduleName("zulu"));
        TestPlugins.jar(work, work.resolve("plugins/charlie/c.jar"), "charlie", null, "", null);
        TestPlugins.jar(work, work.resolve("plugins/bravo/b.jar"), "bravo", null, "", null);

        PluginCatalog catalog = new PluginLoader(base, Optional.empty()).discover(work.resolve("plugins"),
                ConfigFactory.empty());

        assertEquals(List.of("zulu", "bravo", "charlie"), catalog.loaded().stream().map(DiscoveredPlugin::id).toList());
        assertEquals(DiscoveredPlugin.BUILT_IN, catalog.loaded().get(0).location());
        assertEquals("9", catalog.loaded().get(0).version());
    }

    @Test
    void directoryDisabledByTheOperatorIsNotEvenLoaded() throws Exception {
        Files.createDirectories(work.resolve("plugins/broken")); // would fail: no JAR
        TestPlugins.jar(work, work.resolve("plugins/alpha/a.jar"), "alpha", null, "", null);

        PluginCatalog catalog = loader.discover(work.resolve("plugins"),
                ConfigFactory.parseString("broken.enabled = false"));

        assertEquals(List.of("alpha"), catalog.loaded().stream().map(DiscoveredPlugin::id).toList());
        assertEquals(List.of(new PluginCatalog.DisabledDirectory("broken", work.resolve("plugins/broken").toString())),
                catalog.disabledDirectories());
    }

    @Test
    void missingPluginDirectoryMeansNoDirectoryPlugins() throws Exception {
        assertEquals(List.of(), loader.discover(work.resolve("nowhere"), ConfigFactory.empty()).loaded());
    }

    private static ModuleLayer layerOf(Path jar, String module) {
        Configuration cf = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(jar), ModuleFinder.of(),
                Set.of(module));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }
}
