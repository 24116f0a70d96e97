package org.ebpflb.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parsers read what wrk 4.1, iperf3 3.12 and /proc/stat print; the resources are captured outputs of real runs. */
class ToolOutputTest {
    @Test
    void wrkKeepAliveRunIsReadWithItsP99() {
        WrkResult r = WrkResult.parse(resource("wrk-keepalive.txt"));
        assertEquals(new WrkResult(27253, 25004.24, 4.06, 0), r);
    }

    @Test
    void wrkAnswersThatAreNotSuccessCountAsErrors() {
        WrkResult r = WrkResult.parse(resource("wrk-503-close.txt"));
        assertEquals(8838, r.errors());
        assertEquals(12.61, r.p99Millis(), 1e-9);
    }

    @Test
    void wrkOutputWithoutLatencyIsRefusedWithTheOutput() {
        String noLatency = resource("wrk-keepalive.txt").replaceAll("(?m)^\\s+99%.*$", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(noLatency));
        assertTrue(e.getMessage().contains("no 99% latency") && e.getMessage().contains("Requests/sec"),
                e.getMessage());
    }

    @Test
    void iperfDownloadIsReadFromTheReceiversTotals() {
        IperfResult r = IperfResult.parse(resource("iperf3-download.json"));
        assertEquals(new IperfResult(2_097_152, 0.001786), r);
        assertEquals(2_097_152 / 0.001786 / 1e6, r.megabytesPerSecond(), 1e-6);
    }

    @Test
    void iperfFailureSaysIperfsOwnReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IperfResult.parse(resource("iperf3-refused.json")));
        assertEquals("iperf3 failed: unable to connect to server: Connection refused", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IperfResult.parse("iperf3: error - no route"));
    }

    @Test
    void procStatCountsSoftirqAndEverythingButIdleAndIoWait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuTimes t = CpuTimes.parse("cpu  100 5 50 1000 20 3 40 2 0 0");
        assertEquals(new CpuTimes(40, 100 + 5 + 50 + 3 + 40 + 2), t);
        CpuTimes.Spent spent = new CpuTimes(140, 400).since(t);
        assertEquals(1.0, spent.softirqSeconds(), 1e-9);
        assertEquals(2.0, spent.busySeconds(), 1e-9);
    }

    private static String resource(String name) {
        try (InputStream in = ToolOutputTest.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource bench/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
