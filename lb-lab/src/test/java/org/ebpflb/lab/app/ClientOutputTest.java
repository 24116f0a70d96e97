package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOutputTest {
    @Test
    void reportsSurviveTheJsonLines() {
        List<ClientReport> reports = List.of(
                new RequestsReport("198.18.2.1:80", 10, 9, Map.of("backend-1", 6, "backend-2", 2),
                        Map.of("ConnectException", 1), 1234),
                new StreamReport("198.18.2.1:80", 0, "backend-3", 81920, 81920, true, ""),
                new UdpReport("198.18.2.1:53", 5, 5, Map.of("backend-1", 5), Map.of(), 5),
                new RequestsReport("198.18.2.1:80", 2, 2, Map.of("backend-1", 1), Map.of("HTTP 503", 1), 20,
                        List.of(new RequestRecord(1_700_000_000_000L, 3, "backend-1", null),
                                new RequestRecord(1_700_000_000_010L, 4, null, "HTTP 503"))));
        String stdout = String.join("\n", reports.stream().map(ClientOutput::toJsonLine).toList()) + "\n";
        assertEquals(4, stdout.lines().count());
        assertTrue(stdout.lines().findFirst().orElseThrow().contains("\"type\":\"requests\""), stdout);

        ClientOutput out = ClientOutput.parse(stdout);
        assertEquals(reports, out.reports());
        assertEquals(8, out.requests().orElseThrow().answered());
        assertEquals(1, out.requests().orElseThrow().failed());
        assertEquals(1, out.streams().size());
        assertEquals(List.of(), out.requests().orElseThrow().log(), "no log unless the plan asks for one");
        assertEquals(5, out.udp().orElseThrow().answered());
    }

    @Test
    void aLineThatIsNotAReportIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientOutput.parse("\nException in thread main\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
