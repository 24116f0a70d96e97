package org.ebpflb.lab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SandboxSpecTest {
    @Test
    void defaultsToThreeBackendsOneClientAndOffloadOn() {
        SandboxSpec s = SandboxSpec.of("lbtest-", 5);
        assertEquals(3, s.backends());
        assertEquals(0, s.extraClients());
        assertTrue(s.txChecksumOffload());
        SandboxSpec t = s.withBackends(7).withExtraClients(2).withTxChecksumOffloadOff();
        assertEquals(7, t.addresses().backends());
        assertEquals(3, t.addresses().clients());
        assertFalse(t.txChecksumOffload());
    }

    @Test
    void rejectsPrefixesThatAreNotSafeNamespaceNames() {
        for (String bad : new String[] {"", "-x", "Upper", "has space", "slash/", "x".repeat(25)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(bad, 0));
            assertTrue(e.getMessage().contains("namespace prefix"), e.getMessage());
        }
    }

    @Test
    void rejectsAnImpossibleAddressPlan() {
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of("lbtest-", -1));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of("lbtest-", 0).withBackends(201));
    }
}
