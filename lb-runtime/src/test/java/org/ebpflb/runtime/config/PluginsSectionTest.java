package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.spi.Plugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsSectionTest {
    @TempDir
    Path pluginDir;

    private Plugin metrics() {
        Plugin plugin = IsolatedPluginLoader.load(SettingsPlugin.class, pluginDir,
                "/config/plugins/fake-metrics/reference.conf");
        assertNotSame(SettingsPlugin.class, plugin.getClass(), "defined by its own loader");
        return plugin;
    }

    @Test
    void settingsAreCheckedAgainstThePluginsOwnReferenceConf() {
        String file = "plugin-settings.conf";
        Plugin drain = FakePlugin.owning("drain", Set.of("drain-timeout"), Set.of());
        assertEquals(List.of(
                at(file, "lisen =", "unknown key 'lisen' (did you mean 'listen'?)"),
                at(file, "bukets", "unknown key 'bukets' (did you mean 'buckets'?)"),
                at(file, "rate-limit {", "settings for plugin rate-limit, which is not installed"),
                at(file, "helth-tcp", "settings for plugin helth-tcp, which is not installed "
                        + "(did you mean 'health-tcp'?)"),
                at(file, "drain { enabled = false", "plugin drain is required but disabled"),
                at(file, "dns = \"yes\"", "'dns' must be an object { ... } (found string \"yes\")"),
                at(file, "drain-timeout", "drain-timeout needs plugin drain, which is disabled "
                        + "(lb.plugins.drain.enabled)")),
                problems(file, metrics(), drain));
    }

    @Test
    void settingsOfTheRightShapeAreValidAndKeptForThePlugin() {
        ConfigResult result = new ConfigLoader(List.of(metrics()))
                .load(ConfigFiles.path("plugin-settings-valid.conf"));
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(result.problems()));
        assertEquals("127.0.0.1:9191", config.plugins().getString("fake-metrics.listen"));
        assertEquals("b", config.plugins().getString("fake-metrics.labels.rack"), "an empty reference object is a map");
        assertFalse(config.plugins().getBoolean("circuit-breaker.enabled"));
    }

    @Test
    void wrongShapesAgainstTheReferenceAreProblems() {
        String file = "plugin-settings-shape.conf";
        assertEquals(List.of(
                at(file, "histogram = 5", "'enabled' must be true or false (found string \"maybe\")"),
                at(file, "histogram = 5", "'histogram' must be an object { ... } (found number 5)")),
                problems(file, metrics()));
    }

    @Test
    void pluginDefaultsComeFromThePluginsOwnModuleOrJar() {
        assertEquals("/metrics", PluginDefaults.of(metrics()).getString("path"));
        assertNotNull(ClassLoader.getSystemResource("reference.conf"), "the class path has lb-runtime's");
        assertEquals(Optional.empty(), OwnResource.read(Test.class, "reference.conf"),
                "JUnit's JAR has none, and must not be handed lb-runtime's");
        assertTrue(OwnResource.read(ConfigLoader.class, "reference.conf").orElseThrow().contains("pin-root"));
    }
}
