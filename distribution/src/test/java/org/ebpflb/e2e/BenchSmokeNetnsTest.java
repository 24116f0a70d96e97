package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.bench.BenchSystem;
import org.ebpflb.lab.bench.E2eBench;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One short round of the end-to-end benchmark ({@code tools/bench-e2e --smoke}) against the built distribution, so
 * the harness cannot rot: every system (the baseline from the same distribution) is built, carries traffic with no
 * errors and lands in the tables. It checks that figures exist, never how large they are: benchmarks do not gate CI.
 */
@PrivilegedTier("netns")
class BenchSmokeNetnsTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| ([a-z-]+) \\| (.+) \\|$");

    @Test
    void everySystemIsMeasuredAndReported() {
        StringWriter text = new StringWriter();
        String dist = DataPlaneLab.distribution().toString();
        // the same installation as the baseline too: the option's path is exercised, not a comparison
        int exit = new CommandLine(new E2eBench(new PrintWriter(text, true))).execute("--smoke",
                "--lb-home", dist, "--baseline-lb-home", dist, "--prefix", "lbe2e-bench-", "--block", "63");
        String out = text.toString();
        assertEquals(0, exit, out);
        List<String> labels = Arrays.stream(BenchSystem.values()).map(BenchSystem::label).toList();
        for (String label : labels) {
            Matcher m = Pattern.compile("round 1/1, " + label + ": keep-alive ([0-9,]+) req/s.*new connections "
                    + "([0-9,]+)/s, upload ([0-9]+) MB/s, download ([0-9]+) MB/s").matcher(out);
            assertTrue(m.find(), "no measurement of " + label + ":\n" + out);
            for (int g = 1; g <= 4; g++) {
                assertTrue(Long.parseLong(m.group(g).replace(",", "")) > 0, label + " carried nothing: " + m.group());
            }
        }
        Matcher rows = ROW.matcher(out);
        int throughputRows = 0;
        while (rows.find()) {
            if (labels.contains(rows.group(1)) && rows.group(2).contains("/s")) {
                throughputRows++;
                assertTrue(rows.group(2).matches(".*\\d.*"), rows.group());
            }
        }
        assertEquals(labels.size(), throughputRows, out);
        long ebpfLbModes = Arrays.stream(BenchSystem.values()).filter(s -> s.xdpMode().isPresent()).count();
        assertEquals(ebpfLbModes * 4, out.lines().filter(l -> l.startsWith("target: ")).count(), out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("errors: ")), out);
    }
}
