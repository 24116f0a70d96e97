package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.lab.demo.Demo;
import org.ebpflb.lab.demo.DemoSettings;
import org.ebpflb.lab.demo.SpreadTable;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.testing.PrivilegedTier;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lb demo} of the assembled distribution, run as an operator runs it: as a process, with the real load
 * balancer, XDP and HTTP backends in namespaces. Its output is the contract checked here: every step, request spreads
 * that follow the weights, traffic leaving a killed backend and coming back, and nothing left behind, also after
 * Ctrl-C; and that without root both {@code bin/lb demo} and {@code tools/demo} say so and exit 1. The demo uses its own namespace prefix ({@code lbdemo-}), address block 0 and /run/ebpf-lb-demo; a demo
 * an operator runs at the same time makes this test fail (the demo refuses a second instance).
 *
 * <p>The test asks for {@value #REQUESTS} requests per measurement through {@value DemoSettings#REQUESTS_VARIABLE}:
 * with that many, a share is within {@value #TOLERANCE} points of its weight unless the spread is really off (one
 * standard deviation of a 50% share is 1.1 points).
 */
@PrivilegedTier("netns")
class DemoNetnsTest {
    private static final int REQUESTS = 2000;
    private static final double TOLERANCE = 5.0;
    /** Percentages are printed with one decimal, rounded half up. */
    private static final double PRINTED = 0.05 + 1e-9;
    private static final Duration DEMO_LIMIT = Duration.ofSeconds(120);
    private static final String PREFIX = DemoSettings.DEFAULT.prefix();
    private static final Pattern ROW = Pattern.compile(
            "^ +(backend-\\d+) +(\\d+) +([0-9.]+)% +([0-9.]+)% +(\\d+)(?: +\\((\\w+)\\))?$");
    private static final Pattern TOTALS = Pattern.compile("^ +(\\d+) answered, (\\d+) failed; .*");

    @BeforeAll
    static void sweep() {
        Sandbox.sweepStale(PREFIX);
    }

    @Test
    void theDemoShowsEveryStepTrafficFollowsTheWeightsAndNothingIsLeft(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("demo.out");
        Process demo = start(log);
        int exit = awaitExit(demo, DEMO_LIMIT);
        String out = Files.readString(log);
        assertEquals(0, exit, out);

        for (String step : List.of("1/6 traffic against the configured weights", "2/6 a weight change by reload",
                "the load balancer applied the new weights 10/30/20", "3/6 lb explain web",
                "4/6 a backend fails and comes back", "killing backend-2 (198.18.1.12:8080)",
                "health checks took backend-2 out", "restarting backend-2", "health checks brought backend-2 back",
                "5/6 drain", "draining backend-3 (198.18.1.13:8080)",
                "waiting for backend-3's streams to finish: lb drain --wait", "undraining backend-3",
                "6/6 IPv6: the same backends behind an IPv6 service, added at runtime",
                "adding service web6 on [2001:db8:0:2::1]:80", "summary", "done",
                "tearing down", "sandbox removed")) {
            assertTrue(out.contains("[demo] " + step), "missing step '" + step + "' in:\n" + out);
        }

        Table initial = table(out, "initial weights");
        Table reloaded = table(out, "after the reload");
        Table down = table(out, "backend-2 down");
        Table back = table(out, "backend-2 back");
        assertEquals(List.of(50, 30, 20), initial.weights(), out);
        assertEquals(List.of(10, 30, 20), reloaded.weights(), out);
        assertEquals(List.of(10, 30, 20), down.weights(), out);
        Table ipv6 = table(out, "IPv6 through web6");
        assertEquals(List.of(50, 30, 20), ipv6.weights(), out);
        for (Table t : List.of(initial, reloaded, down, back, ipv6)) {
            assertEquals(REQUESTS, t.answered(), t.title() + ": every request answered\n" + out);
            assertEquals(0, t.failed(), t.title() + ": no request failed\n" + out);
            assertFollowsWeights(t, out);
        }

        assertEquals(List.of("backend-2"), down.rows().stream().filter(r -> !r.out().isEmpty())
                .map(Row::backend).toList(), out);
        assertEquals("down", down.row("backend-2").out(), out);
        assertTrue(reloaded.row("backend-2").requests() > 0, out);
        assertEquals(0, down.row("backend-2").requests(), "traffic moved away from the killed backend\n" + out);
        assertTrue(back.row("backend-2").requests() > 0, "traffic came back to the restarted backend\n" + out);
        assertEquals("", back.row("backend-2").out(), out);
        Table drained = table(out, "backend-3 drained");
        assertEquals(0, drained.failed(), "no request failed during the drain\n" + out);
        assertEquals(0, drained.row("backend-3").requests(), "no new connection reached the drained backend\n" + out);
        assertTrue(Pattern.compile("\\[demo] 6 streams finished, \\d+ of them on backend-3; 6 byte-exact").matcher(out)
                .find(), "every stream open during the drain finished byte-exact\n" + out);

        List<String> explain = section(out, "[demo] 3/6 lb explain web");
        assertTrue(explain.stream().anyMatch(l -> l.strip().startsWith("TARGET") && l.contains("EFFECTIVE")),
                String.join("\n", explain));
        for (Map.Entry<String, String> target : Map.of("198.18.1.11:8080", "10", "198.18.1.12:8080", "30",
                "198.18.1.13:8080", "20").entrySet()) {
            assertTrue(explain.stream().map(String::strip).anyMatch(l -> l.matches(
                            Pattern.quote(target.getKey()) + " +" + target.getValue() + " .*")),
                    target + " with its base weight in:\n" + String.join("\n", explain));
        }

        assertNothingLeft();
    }

    @Test
    void ctrlCDuringTrafficTearsEverythingDown(@TempDir Path tmp) throws Exception {
        assertFalse(ignoresSigint(ProcessHandle.current().pid()), "this JVM ignores SIGINT (it was started in the"
                + " background without job control), so its children would too: run the build in the foreground");
        Path log = tmp.resolve("demo.out");
        Process demo = start(log);
        try {
            awaitOutput(demo, log, s -> s.contains("[demo] initial weights: "), Duration.ofSeconds(90));
            assertTrue(Sandbox.namespaces(PREFIX).contains(PREFIX + "lb"));
            Command.of("kill", "-s", "INT", Long.toString(demo.pid())).check();
            int exit = awaitExit(demo, Duration.ofSeconds(60));
            String out = Files.readString(log);
            assertEquals(130, exit, out);
            assertTrue(out.contains("[demo] sandbox removed"), out);
            assertFalse(out.contains("[demo] done"), out);
        } finally {
            stop(demo);
        }
        assertNothingLeft();
    }

    @Test
    void withoutRootTheDemoAndItsScriptSayItNeedsRootAndExit1() throws Exception {
        // A copy everybody may read: the build's own directories may be closed to other users.
        Path open = Files.createTempDirectory("lbdemo-e2e-");
        try {
            Command.of("cp", "-a", distribution().toString(), open.resolve("dist").toString()).check();
            Path tools = Files.createDirectories(open.resolve("tools"));
            for (String script : List.of("demo", "prereqs.sh", "java-home.sh", "dist.sh")) {
                Command.of("cp", "-a", sourceTree().resolve("tools").resolve(script).toString(),
                        tools.toString()).check();
            }
            Command.of("chmod", "-R", "a+rX", open.toString()).check();

            Result lb = asNobody(open.resolve("dist/bin/lb").toString(), "demo");
            assertEquals(1, lb.exitCode(), lb.output());
            assertEquals(Demo.NEEDS_ROOT + "\n", lb.output());

            Result script = asNobody(tools.resolve("demo").toString());
            assertEquals(1, script.exitCode(), script.output());
            assertTrue(script.output().startsWith("tools/demo needs root"), script.output());
            assertFalse(script.output().contains("==> "), "it did nothing else:\n" + script.output());
        } finally {
            Command.of("rm", "-rf", open.toString()).check();
        }
        assertNothingLeft();
    }

    private static Result asNobody(String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "env", "JAVA_HOME=" + System.getProperty("java.home")));
        command.addAll(List.of(argv));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), output);
    }

    /**
     * A finished command.
     *
     * @param exitCode its exit code
     * @param output standard output and error
     */
    private record Result(int exitCode, String output) {
    }

    private static Path sourceTree() {
        // failsafe runs in the distribution module's directory
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertTrue(Files.isExecutable(root.resolve("tools/demo")), "no tools/demo under " + root);
        return root;
    }

    private static void assertFollowsWeights(Table t, String out) {
        int total = t.rows().stream().filter(r -> r.out().isEmpty()).mapToInt(Row::weight).sum();
        for (Row r : t.rows()) {
            double expected = r.out().isEmpty() ? 100.0 * r.weight() / total : 0;
            double actual = 100.0 * r.requests() / t.answered();
            assertEquals(expected, r.expectedPercent(), PRINTED, t.title() + " " + r.backend() + ": expected column\n"
                    + out);
            assertEquals(actual, r.actualPercent(), PRINTED, t.title() + " " + r.backend() + ": actual column\n" + out);
            assertEquals(expected, actual, TOLERANCE, t.title() + " " + r.backend() + ": share against weight\n"
                    + out);
        }
    }

    private static void assertNothingLeft() throws IOException {
        Path state = DemoSettings.DEFAULT.stateDir();
        assertEquals(List.of(), Sandbox.namespaces(PREFIX), "namespaces left behind");
        assertTrue(Files.readAllLines(Path.of("/proc/self/mounts")).stream().noneMatch(l -> l.contains(state
                .toString())), "a mount under " + state + " left behind");
        assertFalse(Files.exists(state), state + " left behind");
        assertFalse(Files.exists(DemoSettings.DEFAULT.lockFile()), DemoSettings.DEFAULT.lockFile() + " left behind");
        // the load balancer, the backends and the clients all run from the distribution (its lib/ is their module path)
        String dist = distribution().toString();
        List<String> survivors = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(dist)).toList();
        assertEquals(List.of(), survivors, "processes of the demo left behind");
    }

    private static Path distribution() {
        Path dir = Path.of(System.getProperty("lb.dist.dir", "target/missing-lb.dist.dir"));
        assertTrue(Files.isDirectory(dir), "no distribution at " + dir + "; run the build through 'verify'");
        return dir;
    }

    private static Process start(Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(distribution().resolve("bin/lb").toString(), "demo")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put(DemoSettings.REQUESTS_VARIABLE, Integer.toString(REQUESTS));
        return builder.start();
    }

    private static int awaitExit(Process demo, Duration limit) throws InterruptedException {
        if (!demo.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            stop(demo);
            throw new AssertionError("lb demo did not finish within " + limit.toSeconds() + "s");
        }
        return demo.exitValue();
    }

    private static void awaitOutput(Process demo, Path log, Predicate<String> condition, Duration limit)
            throws IOException {
        try {
            Await.until("lb demo's output to get there", () -> !demo.isAlive() || condition.test(read(log)), limit,
                    Duration.ofMillis(100));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + Files.readString(log), e);
        }
        assertTrue(demo.isAlive(), "lb demo exited early:\n" + Files.readString(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a demo still running as Ctrl-C would, so it removes what it built; kills it if that does not work. */
    private static void stop(Process demo) throws InterruptedException {
        if (demo.isAlive()) {
            Command.of("kill", "-s", "INT", Long.toString(demo.pid())).run();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly().waitFor();
                Sandbox.sweepStale(PREFIX);
            }
        }
    }

    private static boolean ignoresSigint(long pid) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).map(l -> l.substring("SigIgn:".length()).strip())
                .findFirst().orElseThrow();
        return (Long.parseUnsignedLong(mask, 16) & (1L << (2 - 1))) != 0;
    }

    /** The lines after {@code heading} up to the next {@code [demo]} line. */
    private static List<String> section(String out, String heading) {
        List<String> lines = out.lines().toList();
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "no '" + heading + "' in:\n" + out);
        List<String> body = new ArrayList<>();
        for (String l : lines.subList(start + 1, lines.size())) {
            if (l.startsWith("[demo] ")) {
                break;
            }
            body.add(l);
        }
        return body;
    }

    /** The spread table printed after {@code [demo] TITLE: N requests ...}. */
    private static Table table(String out, String title) {
        List<String> lines = out.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("[demo] " + title + ": ")) {
                start = i;
            }
        }
        assertTrue(start >= 0, "no measurement '" + title + "' in:\n" + out);
        assertEquals(SpreadTable.HEADER, lines.get(start + 1), "table header of " + title);
        List<Row> rows = new ArrayList<>();
        for (String l : lines.subList(start + 2, lines.size())) {
            Matcher row = ROW.matcher(l);
            if (row.matches()) {
                rows.add(new Row(row.group(1), Integer.parseInt(row.group(2)), Double.parseDouble(row.group(3)),
                        Double.parseDouble(row.group(4)), Integer.parseInt(row.group(5)),
                        row.group(6) == null ? "" : row.group(6)));
                continue;
            }
            Matcher totals = TOTALS.matcher(l);
            assertTrue(totals.matches(), "unexpected line in the table of " + title + ": " + l);
            return new Table(title, rows, Integer.parseInt(totals.group(1)), Integer.parseInt(totals.group(2)));
        }
        throw new AssertionError("the table of " + title + " has no totals line:\n" + out);
    }

    /**
     * A spread table as printed.
     *
     * @param title the measurement
     * @param rows per backend
     * @param answered answered requests
     * @param failed failed requests
     */
    private record Table(String title, List<Row> rows, int answered, int failed) {
        List<Integer> weights() {
            return rows.stream().map(Row::weight).toList();
        }

        Row row(String backend) {
            return rows.stream().filter(r -> r.backend().equals(backend)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + backend + " in " + title));
        }
    }

    /**
     * One backend's row.
     *
     * @param backend its name
     * @param weight its configured weight
     * @param expectedPercent the expected share printed
     * @param actualPercent the actual share printed
     * @param requests requests it answered
     * @param out why it was out ("down"), empty when in
     */
    private record Row(String backend, int weight, double expectedPercent, double actualPercent, int requests,
                       String out) {
    }
}
