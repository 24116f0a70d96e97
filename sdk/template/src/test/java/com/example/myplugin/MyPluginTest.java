package com.example.myplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.List;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Target;
import org.ebpflb.testkit.StaticServiceModel;
import org.ebpflb.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

class MyPluginTest {
    /** The operator's settings over the plugin's reference.conf, as the runtime merges them. */
    private static Config settings(String operator) {
        return ConfigFactory.parseString(operator).withFallback(ConfigFactory.parseResources(
                MyPlugin.class.getClassLoader(), "reference.conf")).getConfig("lb.plugins." + MyPlugin.ID);
    }

    @Test
    void scalesEveryTargetByTheConfiguredFactor() throws Exception {
        MyPlugin plugin = new MyPlugin();
        Config config = settings("lb.plugins.my-plugin.factor = 0.5");
        try (TestPluginContext context = new TestPluginContext(config, new StaticServiceModel(List.of(), List.of()),
                Clock.systemUTC())) {
            plugin.start(context);
            Target target = new Target("web", "default", Endpoint.parse("198.18.1.2:80"), 10, null);
            assertEquals(0.5, context.modifiers.get(0).factor(target).value());
        }
        plugin.stop();
    }

    @Test
    void aFactorAboveOneIsRefusedByValidation() {
        assertEquals(List.of("lb.plugins.my-plugin.factor must be between 0 and 1, got 1.5"),
                new MyPlugin().validateSettings(settings("lb.plugins.my-plugin.factor = 1.5")).stream()
                        .map(p -> p.message()).toList());
    }
}
