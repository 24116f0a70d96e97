package org.ebpflb.plugin.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostnameSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "web.backend.internal", "web.backend.internal.", "a-b.c-d.example",
        "3com.example", "x1.y2.z3"})
    void acceptsRfc1123Names(String host) {
        assertEquals(java.util.Optional.empty(), HostnameSyntax.problem(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "bad_name.test", "-lead.test", "trail-.test", "two..dots.test", ".lead.test",
        "space name.test", "198.18.0.1", "::1", "ümlaut.test"})
    void rejectsOtherNames(String host) {
        assertTrue(HostnameSyntax.problem(host).isPresent(), host);
    }

    @Test
    void rejectsOverlongLabelsAndNames() {
        String label63 = "a".repeat(63);
        assertEquals(java.util.Optional.empty(), HostnameSyntax.problem(label63 + ".test"));
        assertTrue(HostnameSyntax.problem("a" + label63 + ".test").orElseThrow().contains("64 characters"));
        String name = String.join(".", label63, label63, label63, "a".repeat(62)); // 63*3 + 62 + 3 dots = 254
        assertEquals(254, name.length());
        assertTrue(HostnameSyntax.problem(name).orElseThrow().contains("254 characters"));
        assertEquals(java.util.Optional.empty(), HostnameSyntax.problem(name.substring(1)));
    }

    @Test
    void explainsAnIpGivenAsHost() {
        assertTrue(HostnameSyntax.problem("198.18.0.1").orElseThrow().contains("ip = \"198.18.0.1\""));
    }

    @Test
    void normalizesCaseAndRootDot() {
        assertEquals("web.backend.internal", HostnameSyntax.normalize("Web.Backend.INTERNAL."));
        assertEquals(NameKey.of("web", "API.test."), NameKey.of("web", "api.test"));
    }
}
