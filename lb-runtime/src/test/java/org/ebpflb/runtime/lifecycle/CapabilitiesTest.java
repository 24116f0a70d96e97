package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the needed capabilities a process lacks, read from /proc/self/status as the kernel writes it. */
class CapabilitiesTest {
    @Test
    void rootHasEveryCapability() {
        assertEquals(List.of(), Capabilities.missing("Name:\tjava\nCapEff:\t000001ffffffffff\n"));
    }

    @Test
    void anUnprivilegedUserLacksAll() {
        assertEquals(List.of("CAP_BPF", "CAP_NET_ADMIN", "CAP_SYS_ADMIN"),
                Capabilities.missing("CapInh:\t0000000000000000\nCapEff:\t0000000000000000\n"));
    }

    @Test
    void onlyTheMissingOnesAreNamed() {
        long netAdminAndSysAdmin = (1L << 12) | (1L << 21);
        assertEquals(List.of("CAP_BPF"), Capabilities.missing("CapEff:\t" + Long.toHexString(netAdminAndSysAdmin)));
    }
}
