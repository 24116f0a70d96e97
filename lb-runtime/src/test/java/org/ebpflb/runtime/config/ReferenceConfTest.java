package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceConfTest {
    private final Config reference = ConfigFactory.parseString(
            OwnResource.read(ConfigLoader.class, "reference.conf").orElseThrow());

    @Test
    void referenceHoldsExactlyTheKeysTheRuntimeReads() {
        assertEquals(RuntimeKeys.LB, reference.getObject("lb").keySet());
        assertEquals(RuntimeKeys.ADMIN, reference.getObject("lb.admin").keySet());
        assertEquals(RuntimeKeys.DATAPLANE, reference.getObject("lb.dataplane").keySet());
    }

    @Test
    void everyKeyIsDocumentedByAComment() {
        assertDocumented("lb", reference.getObject("lb"));
    }

    @Test
    void perServiceDefaultsAreTheDocumentedOnes() {
        String services = String.join("\n", reference.getValue("lb.services").origin().comments());
        assertFalse(services.isEmpty());
        for (String documented : Set.of("hash = " + RuntimeKeys.DEFAULT_HASH,
                "protocol = " + RuntimeKeys.DEFAULT_PROTOCOL, "weight = " + RuntimeKeys.DEFAULT_WEIGHT)) {
            assertTrue(services.contains(documented), "reference.conf documents '" + documented + "'");
        }
    }

    private static void assertDocumented(String path, ConfigObject object) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String key = path + "." + entry.getKey();
            assertFalse(entry.getValue().origin().comments().isEmpty(), key + " has no comment in reference.conf");
            if (entry.getValue() instanceof ConfigObject nested) {
                assertDocumented(key, nested);
            }
        }
    }
}
