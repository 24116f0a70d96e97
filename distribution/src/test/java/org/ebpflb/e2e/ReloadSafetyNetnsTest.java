package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.app.ClientOutput;
import org.ebpflb.lab.app.ClientPlan;
import org.ebpflb.lab.app.StreamReport;
import org.ebpflb.lab.demo.DemoLoadBalancer;
import org.ebpflb.lab.demo.TargetWeights;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator's mistakes cannot do to a running load balancer (the real {@code bin/lb run} in namespaces, with
 * the kernel data plane): a reload of an emptied file, of a file without services, or naming an interface that does
 * not exist is refused while streams run through the load balancer, and nothing changes; a second {@code lb run} of
 * the same instance, another instance on the same interface, and a pin-root over an ordinary non-empty directory are
 * refused before they touch anything; with {@code lb.reload.watch} an edit by atomic rename is applied and an invalid
 * one is not.
 */
@PrivilegedTier("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadSafetyNetnsTest {
    private static final String PREFIX = "lbrc-";
    private static final int BLOCK = 37;
    private static final Map<Integer, Integer> WEIGHTS = DataPlaneLab.weights(50, 30, 20);
    private static final int STREAMS = 20;
    private static final int STREAM_SECONDS = 12;
    private static final Duration EXIT = Duration.ofSeconds(60);

    @AutoClose
    private static DataPlaneLab lab;

    @BeforeAll
    static void open() {
        lab = DataPlaneLab.open(ReloadSafetyNetnsTest.class.getSimpleName(), SandboxSpec.of(PREFIX, BLOCK), WEIGHTS);
    }

    @Test
    @Order(1)
    void reloadsOfAnEmptiedFileOrOfNoServicesAreRefusedAndBreakNoStream() throws IOException {
        String running = Files.readString(lab.configFile());
        NsProcess streams = lab.startClient(0, "streams", new ClientPlan(lab.web(), 0, 1, STREAMS, STREAM_SECONDS, 0,
                Duration.ofSeconds(STREAM_SECONDS + 30)));
        lab.awaitEstablished(lab.addresses().clientAddress(0), STREAMS, Duration.ofSeconds(20));
        NewConnectionProbe probe = NewConnectionProbe.start(lab, "probe");
        long from = System.currentTimeMillis();

        Files.writeString(lab.configFile(), "");
        CommandResult emptied = reload();
        CommandResult validate = lab.lb().cli("validate", "-c", lab.configFile().toString());
        Files.writeString(lab.configFile(), running.replaceAll("(?s)services = \\[.*\\]\\s*\\}\\s*$",
                "services = []\n}\n"));
        CommandResult none = reload();
        CommandResult noneValidates = lab.lb().cli("validate", "-c", lab.configFile().toString());
        Files.writeString(lab.configFile(), running);
        long to = System.currentTimeMillis();
        Netns.pause(Duration.ofSeconds(1));
        probe.stop();
        streams.awaitExit(Duration.ofSeconds(STREAM_SECONDS + 40));
        List<StreamReport> reports = ClientOutput.parse(streams.stdout()).streams();
        List<StreamReport> broken = reports.stream().filter(s -> !s.byteExact()).toList();
        NewConnectionProbe.Windows w = probe.windows(from, to);

        lab.say("emptied file: lb reload exit " + emptied.exitCode() + ": " + emptied.stderr().strip());
        lab.say("emptied file: lb validate exit " + validate.exitCode() + ": " + validate.stderr().strip());
        lab.say("services = []: lb reload exit " + none.exitCode() + ": " + none.stderr().strip());
        lab.say("streams: " + (reports.size() - broken.size()) + " of " + reports.size() + " byte-exact; new "
                + "connections: " + w);
        assertEquals(1, emptied.exitCode(), emptied.stderr());
        assertTrue(emptied.stderr().contains(lab.configFile() + ": is empty (or only comments)"), emptied.stderr());
        assertEquals(1, validate.exitCode(), validate.stdout());
        assertFalse(validate.stdout().contains("OK"), validate.stdout());
        assertEquals(1, none.exitCode(), none.stderr());
        assertTrue(none.stderr().contains("this reload would remove every running service (web, echo)"), none.stderr());
        assertEquals(0, noneValidates.exitCode(), "services = [] is a valid file, only not as a reload: "
                + noneValidates.stderr());
        assertEquals(STREAMS, reports.size(), streams.stderrTail(20));
        assertEquals(List.of(), broken, "no stream may break");
        assertEquals(0, w.failedBefore() + w.failedDown() + w.failedAfter(), "new connections failed: " + w);
        assertTrue(w.downOk() > 0, "new connections were tried during the refused reloads: " + w);
        List<String> services = new ArrayList<>();
        lab.status().path("services").forEach(s -> services.add(s.path("name").asText()));
        assertEquals(List.of("web", "echo"), services, "both services still run");
    }

    @Test
    @Order(2)
    void aReloadNamingAMissingInterfaceIsRefusedAndExplainShowsWhatIsInstalled() throws IOException {
        String running = Files.readString(lab.configFile());
        String device = lab.sandbox().lbClientDevice(0);
        String broken = running.replace("weight = 50", "weight = 5")
                .replaceFirst("interfaces = \\[ \"" + device + "\"", "interfaces = [ \"" + device + "\", \"lbrc-nope0\"");
        assertNotEquals(running, broken);
        Files.writeString(lab.configFile(), broken);

        CommandResult r = reload();
        Files.writeString(lab.configFile(), running);

        lab.say("missing interface: lb reload exit " + r.exitCode() + ": " + r.stderr().strip());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("the data plane refused service web: service web: interface lbrc-nope0 does "
                + "not exist in this network namespace"), r.stderr());
        List<TargetWeights> shown = lab.lb().targets("web");
        assertEquals(List.of(50.0, 30.0, 20.0), shown.stream().map(TargetWeights::base).toList(),
                "explain shows the installed weights, not the refused ones");
        CommandResult explain = lab.lb().cli("explain", "web", "-c", lab.configFile().toString());
        assertFalse(explain.stdout().contains("PENDING"), explain.stdout());
        lab.awaitHttp(lab.sandbox().client(), Duration.ofSeconds(10));
    }

    @Test
    @Order(3)
    void aSecondRunOfTheSameInstanceIsRefusedNamingThePid() {
        KernelState before = KernelState.read(lab);
        NsProcess second = lab.sandbox().start(lab.sandbox().lb(), "lb-second", List.of(
                DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "run", "-c",
                lab.configFile().toString()));
        int exit = second.awaitExit(EXIT);
        long jvm = jvmPid(lab.lb().process());

        lab.say("second lb run: exit " + exit + ": " + second.stderrTail(3).strip());
        assertEquals(2, exit, second.stderrTail(20));
        assertTrue(second.stderr().contains("instance " + DataPlaneLab.INSTANCE + " (pinned state in "
                + lab.pinDir() + ") is already running as pid " + jvm), second.stderr());
        assertEquals(before, KernelState.read(lab), "the running instance's program and maps are untouched");
        lab.awaitHttp(lab.sandbox().client(), Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void anotherInstanceOnTheSameInterfaceIsRefused() throws IOException {
        KernelState before = KernelState.read(lab);
        Path other = otherInstance("e2e-other", "127.0.0.1:9311", lab.bpffsDir());
        try {
            NsProcess second = lab.sandbox().start(lab.sandbox().lb(), "lb-other", List.of(
                    DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "run", "-c", other.toString()));
            int exit = second.awaitExit(EXIT);

            lab.say("another instance on " + lab.sandbox().lbClientDevice(0) + ": exit " + exit + ": "
                    + second.stderrTail(3).strip());
            assertEquals(2, exit, second.stderrTail(20));
            assertTrue(second.stderr().contains("already runs the XDP program (id " + before.xdpProgram()
                    + ") of another ebpf-lb instance"), second.stderr());
            assertTrue(second.stderr().contains("lb run --take-over"), second.stderr());
            assertEquals(before, KernelState.read(lab), "the running instance keeps its interface");
            lab.awaitHttp(lab.sandbox().client(), Duration.ofSeconds(10));
        } finally {
            lab.lb().cli("stop", "--detach", "-c", other.toString());
        }
    }

    @Test
    @Order(5)
    void aPinRootOverAnOrdinaryNonEmptyDirectoryIsRefused() throws IOException {
        Path pins = lab.sandbox().workDir().resolve("not-a-bpffs");
        Files.createDirectories(pins);
        Path kept = Files.writeString(pins.resolve("keep.txt"), "operator data");
        Path config = otherInstance("e2e-pins", "127.0.0.1:9312", pins);

        NsProcess run = lab.sandbox().start(lab.sandbox().lb(), "lb-pins", List.of(
                DemoLoadBalancer.launcher(DataPlaneLab.distribution()).toString(), "run", "-c", config.toString()));
        int exit = run.awaitExit(EXIT);

        lab.say("pin-root over a non-empty directory: exit " + exit + ": " + run.stderrTail(3).strip());
        assertEquals(2, exit, run.stderrTail(20));
        assertTrue(run.stderr().contains("pin-root " + pins + " is not a bpffs and not empty"), run.stderr());
        try (Stream<Path> left = Files.list(pins)) {
            assertEquals(List.of(kept), left.toList(), "nothing was created or hidden there");
        }
    }

    @Test
    @Order(6)
    void theFileWatchAppliesAnAtomicRenameAndKeepsEverythingOnAnInvalidEdit() throws IOException {
        NsProcess running = lab.lb().process();
        assertTrue(running.signal("TERM"));
        assertEquals(0, running.awaitExit(Duration.ofSeconds(20)), running.stderrTail(20));
        String watched = Files.readString(lab.configFile()).replace("  services = [",
                "  reload { watch = true }\n  services = [");
        lab.start(watched);
        KernelState before = KernelState.read(lab);

        replaceAtomically(watched.replace("weight = 50", "weight = 10"));
        long applied = awaitBase(10.0);
        lab.say("file watch: weight 50 -> 10 by atomic rename, applied after " + applied + " ms");

        replaceAtomically(watched.replace("weight = 50", "weight = 0"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!lab.lb().process().stderr().contains("rejected (file watch)")) {
            assertTrue(System.nanoTime() < deadline, "no rejection logged:\n" + lab.lb().logTail());
            Netns.pause(Duration.ofMillis(100));
        }
        String log = lab.lb().process().stderr();
        lab.say("file watch, invalid edit: " + log.lines().filter(l -> l.contains(lab.configFile() + ":"))
                .findFirst().orElse("(no FILE:LINE in the log)").strip());
        assertTrue(log.contains(lab.configFile() + ":"), "the reason is logged with FILE:LINE:\n" + log);
        assertEquals(List.of(10.0, 30.0, 20.0), lab.lb().targets("web").stream().map(TargetWeights::base).toList());
        assertEquals(before, KernelState.read(lab), "the same programs and maps kept running");
        lab.awaitHttp(lab.sandbox().client(), Duration.ofSeconds(10));
    }

    private static CommandResult reload() {
        return lab.lb().cli("reload", "-c", lab.configFile().toString());
    }

    /** An editor's save: the new text goes to a temporary file in the same directory, renamed over the file. */
    private static void replaceAtomically(String text) throws IOException {
        Path tmp = lab.configFile().resolveSibling(".lb.conf.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, lab.configFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return milliseconds until backend 1's base weight shows {@code base} */
    private static long awaitBase(double base) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(15).toNanos();
        while (lab.lb().targets("web").stream().findFirst().map(TargetWeights::base).orElse(-1.0) != base) {
            assertTrue(System.nanoTime() < deadline, "weight " + base + " not applied:\n" + lab.lb().logTail());
            Netns.pause(Duration.ofMillis(100));
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /** The lab's configuration as another instance with its own admin port and pin root. */
    private static Path otherInstance(String instance, String admin, Path pinRoot) throws IOException {
        String text = Files.readString(lab.configFile())
                .replace("instance = \"" + DataPlaneLab.INSTANCE + "\"", "instance = \"" + instance + "\"")
                .replaceFirst("listen = \"[^\"]+\"", "listen = \"" + admin + "\"")
                .replaceFirst("pin-root = \"[^\"]+\"", "pin-root = \"" + pinRoot + "\"");
        return Files.writeString(lab.sandbox().workDir().resolve(instance + ".conf"), text);
    }

    /** bin/lb execs java, but look through the process tree in case a shell stayed in between. */
    private static long jvmPid(NsProcess lb) {
        return ProcessHandle.of(lb.pid()).stream().flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElseThrow(() -> new AssertionError("no JVM under " + lb));
    }
}
