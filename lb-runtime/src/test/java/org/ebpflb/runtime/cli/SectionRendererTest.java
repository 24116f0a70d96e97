package org.ebpflb.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plugin status sections, as the admin API serves them, printed as indented text instead of raw JSON. */
class SectionRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dnsSectionShowsEachNameWithItsAddressesResolutionTimeTtlAndFailures() throws Exception {
        // the shape of the dns plugin's section: per service, per host, the name's state
        String section = """
                {"web": {
                   "web.e2e.test": {"addresses": ["198.18.1.11", "198.18.1.12"],
                     "lastResolution": "2025-05-01T10:00:00.250Z", "ttl": "5s", "consecutiveFailures": 0,
                     "lastError": null},
                   "gone.e2e.test": {"addresses": [], "lastResolution": "2025-05-01T10:00:01Z", "ttl": null,
                     "consecutiveFailures": 3, "lastError": "NXDOMAIN from 127.0.0.1:53"}}}
                """;

        assertEquals("""
                  web:
                    web.e2e.test:
                      addresses: 198.18.1.11, 198.18.1.12
                      lastResolution: 2025-05-01T10:00:00.250Z
                      ttl: 5s
                      consecutiveFailures: 0
                      lastError: -
                    gone.e2e.test:
                      addresses: (none)
                      lastResolution: 2025-05-01T10:00:01Z
                      ttl: -
                      consecutiveFailures: 3
                      lastError: NXDOMAIN from 127.0.0.1:53
                """, render(JSON.readValue(section, Object.class)));
    }

    @Test
    void listsOfObjectsBecomeDashItemsWithTheirKeysAligned() throws Exception {
        String section = """
                {"web": {"groups": [{"group": "default", "targets": 2, "panic": false}],
                         "targets": [{"target": "198.18.1.11:8080", "codes": [200, 204], "last": {"ok": true}},
                                     {"target": "198.18.1.12:8080", "codes": [], "last": {}}]}}
                """;

        assertEquals("""
                  web:
                    groups:
                      - group: default
                        targets: 2
                        panic: false
                    targets:
                      - target: 198.18.1.11:8080
                        codes: 200, 204
                        last:
                          ok: true
                      - target: 198.18.1.12:8080
                        codes: (none)
                        last:
                          (none)
                """, render(JSON.readValue(section, Object.class)));
    }

    @Test
    void scalarsEmptySectionsAndNestedListsStillPrint() {
        assertEquals("  disabled\n", render("disabled"));
        assertEquals("  (none)\n", render(Map.of()));
        assertEquals("  - a\n  -\n    - 1, 2\n", render(List.of("a", List.of(List.of(1, 2)))));
    }

    private static String render(Object section) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            SectionRenderer.print(section, out, "  ");
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
