package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ebpflb.api.spi.Plugin;
import org.junit.jupiter.api.Test;

/** What the runtime's plugin loader relies on: the provider declarations and the id. */
class PluginDescriptorTest {
    @Test
    void declaresTheProviderForModularAndClassPathLoaders() throws Exception {
        assertEquals("dns", new DnsPlugin().id());
        try (InputStream in = DnsPlugin.class.getResourceAsStream("/META-INF/services/" + Plugin.class.getName())) {
            assertNotNull(in, "META-INF/services entry");
            assertEquals(List.of(DnsPlugin.class.getName()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        ModuleDescriptor descriptor = DnsPlugin.class.getModule().getDescriptor();
        assertNotNull(descriptor, "the tests run on the module path, as the plugin does");
        assertEquals("org.ebpflb.plugin.dns", descriptor.name());
        assertEquals(List.of(DnsPlugin.class.getName()), descriptor.provides().stream()
                .filter(p -> p.service().equals(Plugin.class.getName())).findFirst().orElseThrow().providers());
    }
}
