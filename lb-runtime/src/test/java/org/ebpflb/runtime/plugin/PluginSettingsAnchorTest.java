package org.ebpflb.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin told "key X is not set" sends the operator to their own file, not to the plugin's reference.conf. */
class PluginSettingsAnchorTest {
    private static final Config DEFAULTS = ConfigFactory.parseString("server = null\nport = 53");

    @TempDir
    Path dir;

    private String unsetServer(String operatorFile) throws IOException {
        Path file = dir.resolve("lb.conf");
        Files.writeString(file, operatorFile);
        Config plugins = ConfigFactory.parseFile(file.toFile()).getConfig("lb.plugins");
        Settings s = Settings.of(PluginSettings.merged("dns", plugins, DEFAULTS), "lb.plugins.dns");
        s.string("server");
        assertEquals(53, s.integer("port", 1, 65535), "defaults still apply");
        return s.problems().stream().map(ConfigProblem::toString).map(m -> m.replace(dir + "/", ""))
                .reduce("", String::concat);
    }

    @Test
    void anUnsetKeyPointsAtTheOperatorsPluginBlock() throws IOException {
        assertEquals("lb.conf:3: lb.plugins.dns.server is not set",
                unsetServer("lb.plugins {\n  other { }\n  dns {\n    enabled = true\n  }\n}\n"));
    }

    @Test
    void withoutABlockItPointsAtLbPlugins() throws IOException {
        assertEquals("lb.conf:2: lb.plugins.dns.server is not set",
                unsetServer("lb {\n  plugins {\n    other { }\n  }\n}\n"));
    }

    @Test
    void theRecordReadsEnabledAndRequiredFromTheSameMerge() throws IOException {
        Config plugins = ConfigFactory.parseString("dns { required = true }");
        PluginSettings settings = PluginSettings.of("dns", plugins, DEFAULTS);
        assertEquals(List.of(true, true, 53), List.of(settings.enabled(), settings.required(),
                settings.config().getInt("port")));
    }
}
