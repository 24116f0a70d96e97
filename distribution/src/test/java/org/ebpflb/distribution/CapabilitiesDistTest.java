package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lb run} without the capabilities the kernel data plane needs says which ones are missing, before it touches
 * anything. As root the test drops them from the bounding set with {@code setpriv} (so the launched process has
 * none of them); as another user the process has none anyway.
 */
class CapabilitiesDistTest {
    @Test
    void aRunWithoutCapabilitiesNamesTheMissingOnes(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = Files.writeString(tmp.resolve("lb.conf"), """
                lb {
                  instance = "lbrc-caps"
                  admin { listen = "127.0.0.1:%d" }
                  dataplane { pin-root = "%s" }
                  services = []
                }
                """.formatted(port, tmp.resolve("pins")));
        boolean root = Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        List<String> wrapper = root ? List.of("setpriv", "--inh-caps=-all",
                "--bounding-set=-bpf,-net_admin,-sys_admin") : List.of();

        Distribution.Result r = Distribution.lb(wrapper, Distribution.dir(), Map.of(), "run", "-c", file.toString());

        assertEquals(2, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("lb run with the kernel data plane needs root or the capabilities CAP_BPF, "
                + "CAP_NET_ADMIN, CAP_SYS_ADMIN; this process lacks CAP_BPF, CAP_NET_ADMIN, CAP_SYS_ADMIN."), r::describe);
        assertTrue(Files.notExists(tmp.resolve("pins")), "nothing was created before the check");
    }
}
