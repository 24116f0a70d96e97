package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.lab.app.JavaCommand;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.Test;

/**
 * Two writers racing 100 updates against a real BIND 9 in a namespace ({@code lbdr-race}): with the plugin's
 * compare-and-set every address arrives; written as whole record sets, the way the reference implementation writes,
 * some are lost. Both writers run in one JVM inside the namespace, on its loopback.
 */
@PrivilegedTier("netns")
class DnsRegistrationRaceNetnsTest {
    private static final String NS = "lbdr-race";
    private static final int UPDATES = 100;
    private static final Pattern RESULT = Pattern.compile("present=(\\d+) expected=(\\d+) staleRetries=(\\d+)");

    @Test
    void compareAndSetLosesNoRecordWhereWholeRecordSetWritesDo() throws Exception {
        NamespaceBind.inOwnNamespace(NS, IpAddresses.parseLiteral("127.0.0.1"), (ns, bind) -> {
            int[] cas = race(ns, bind, "cas.race");
            int[] whole = race(ns, bind, "whole.race");
            System.out.printf("[dnsreg-race] %d updates by two writers: compare-and-set kept %d of %d (%d stale "
                    + "reads retried); whole record sets kept %d of %d%n", UPDATES, cas[0], cas[1], cas[2],
                    whole[0], whole[1]);
            assertEquals(UPDATES, cas[1]);
            assertEquals(cas[1], cas[0], "compare-and-set lost records");
            assertTrue(whole[0] < whole[1], "whole record set writes lost nothing this time: " + whole[0]);
        });
    }

    private static int[] race(Netns ns, NamespaceBind bind, String mode) {
        String name = mode + "." + NamespaceBind.ZONE;
        List<String> argv = JavaCommand.forMain(RrsetRace.class, List.of("127.0.0.1", "53",
                bind.secretFile().toString(), name, mode.substring(0, mode.indexOf('.')), Integer.toString(UPDATES)));
        CommandResult r = ns.exec(argv).within(Duration.ofSeconds(120)).check();
        Matcher m = RESULT.matcher(r.stdout());
        assertTrue(m.find(), () -> "no result from " + mode + ": " + r.stdout() + r.stderr());
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }
}
