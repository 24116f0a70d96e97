package org.ebpflb.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final CpuTimes.Spent CPU = new CpuTimes.Spent(1, 2);

    private static Measurement m(BenchSystem s, int round, double keepAlive, double upload) {
        return new Measurement(s, round, new WrkResult(1000, keepAlive, 1.0, 0), new WrkResult(1000, 100, 2.0, 0),
                upload, upload, CPU, CPU, CPU, 1_000_000_000L);
    }

    @Test
    void ratiosAreTakenWithinARoundBeforeTheMedian() {
        // Per-round ratios 0.95, 0.6, 0.85: their median is 0.85, while the ratio of the medians would be 0.95.
        BenchReport r = new BenchReport(List.of(
                m(BenchSystem.DIRECT, 1, 1000, 100), m(BenchSystem.EBPF_LB_AUTO, 1, 950, 50),
                m(BenchSystem.DIRECT, 2, 500, 100), m(BenchSystem.EBPF_LB_AUTO, 2, 300, 50),
                m(BenchSystem.DIRECT, 3, 2000, 100), m(BenchSystem.EBPF_LB_AUTO, 3, 1700, 50)));
        assertEquals(0.85, r.ratioToDirect(BenchSystem.EBPF_LB_AUTO, x -> x.keepAlive().requestsPerSecond()), 1e-9);
        assertEquals(950, r.median(BenchSystem.EBPF_LB_AUTO, x -> x.keepAlive().requestsPerSecond()), 1e-9);
        assertTrue(r.throughputTable().contains("| ebpf-lb-auto | 85% (950/s) | 100% (100/s) | 50% (50.0 MB/s) |"),
                r.throughputTable());
    }

    @Test
    void targetsNeedTheShareOfDirectAndALeadOverTheOthers() {
        BenchReport r = new BenchReport(List.of(
                m(BenchSystem.DIRECT, 1, 1000, 100), m(BenchSystem.NFTABLES, 1, 970, 95),
                m(BenchSystem.EBPF_LB_GENERIC, 1, 960, 99)));
        List<String> lines = r.targets();
        assertEquals("ebpf-lb-generic keep-alive req/s: MISSED (96% of direct, target 95%; not ahead of nftables)",
                lines.get(0));
        assertEquals("ebpf-lb-generic upload: met (99% of direct, target 90%)", lines.get(2));
        assertEquals(4, lines.size());
    }

    @Test
    void withoutTheDirectBaselineThereIsNothingToCompare() {
        assertThrows(IllegalArgumentException.class,
                () -> new BenchReport(List.of(m(BenchSystem.HAPROXY, 1, 1, 1))));
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsBuilt() {
        assertEquals(1, new picocli.CommandLine(new E2eBench()).execute("--lb-home", "/nonexistent"));
        assertEquals(1, new picocli.CommandLine(new E2eBench()).execute("--lb-home", "/", "--systems", "ipvs"));
        assertEquals(List.of(BenchSystem.DIRECT, BenchSystem.HAPROXY),
                parsed("--lb-home", "/", "--systems", "haproxy,direct,haproxy"));
        assertEquals(1, new picocli.CommandLine(new E2eBench()).execute("--lb-home", "/", "--systems",
                "ebpf-lb-baseline"), "the baseline needs its installation");
        assertEquals(1, new picocli.CommandLine(new E2eBench()).execute("--lb-home", "/", "--baseline-lb-home",
                "/nonexistent"));
        assertFalse(parsed("--lb-home", "/").contains(BenchSystem.EBPF_LB_BASELINE), "measured only when given");
        assertEquals(BenchSystem.EBPF_LB_BASELINE, parsed("--lb-home", "/", "--baseline-lb-home", "/").getLast());
    }

    private static List<BenchSystem> parsed(String... args) {
        E2eBench bench = new E2eBench();
        new picocli.CommandLine(bench).parseArgs(args);
        return bench.chosenSystems();
    }
}
