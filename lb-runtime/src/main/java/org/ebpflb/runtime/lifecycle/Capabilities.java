package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capabilities the kernel data plane needs, checked before anything is touched so that a process without them
 * says which ones are missing instead of failing halfway with "operation not permitted".
 */
final class Capabilities {
    /** Name -> bit number (linux/capability.h). */
    static final Map<String, Integer> NEEDED = needed();

    private Capabilities() {
    }

    private static Map<String, Integer> needed() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("CAP_BPF", 39);        // load programs, create maps
        m.put("CAP_NET_ADMIN", 12);  // attach XDP and tc, set sysctls
        m.put("CAP_SYS_ADMIN", 21);  // mount bpffs, open programs by id to check their owner
        return m;
    }

    /**
     * @throws StartupException naming the missing capabilities and how to grant them
     */
    static void require() throws StartupException {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return; // no procfs to ask: the kernel answers the first call instead
        }
        List<String> missing = missing(status);
        if (!missing.isEmpty()) {
            throw new StartupException(StartupException.RUNTIME_FAILURE, "lb run with the kernel data plane needs "
                    + "root or the capabilities " + String.join(", ", NEEDED.keySet()) + "; this process lacks "
                    + String.join(", ", missing) + ". Run it as root or through the systemd unit (which grants exactly "
                    + "these); lb.dataplane.kind = recording needs none (it forwards no traffic)");
        }
    }

    /**
     * @param procStatus the text of {@code /proc/self/status}
     * @return the needed capabilities not in its effective set ({@code CapEff}), all of them when it has none
     */
    static List<String> missing(String procStatus) {
        BigInteger effective = procStatus.lines().filter(l -> l.startsWith("CapEff:"))
                .map(l -> new BigInteger(l.substring("CapEff:".length()).strip(), 16))
                .findFirst().orElse(BigInteger.ZERO);
        List<String> missing = new ArrayList<>();
        NEEDED.forEach((name, bit) -> {
            if (!effective.testBit(bit)) {
                missing.add(name);
            }
        });
        return missing;
    }
}
