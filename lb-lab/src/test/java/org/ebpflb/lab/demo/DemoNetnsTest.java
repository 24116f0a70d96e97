package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.Sandbox;
import org.ebpflb.testkit.PrivilegedTier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own plumbing with root: its bpffs, and that a failing or interrupted run leaves nothing behind. The
 * successful path needs the real load balancer (bin/lb with the kernel data plane) and runs from the distribution.
 */
@PrivilegedTier("netns")
class DemoNetnsTest {
    private static final String PREFIX = "lbdmt-";
    private static final int BLOCK = 44;

    @BeforeAll
    static void sweep() {
        Sandbox.sweepStale(PREFIX);
    }

    @Test
    void theBpffsIsMountedFreshAndRemoved(@TempDir Path dir) {
        Path mountPoint = dir.resolve("bpffs");
        DemoBpffs first = DemoBpffs.mount(mountPoint);
        DemoBpffs again = DemoBpffs.mount(mountPoint); // as a rerun after a crash finds it
        try {
            assertTrue(DemoBpffs.mounted(mountPoint));
            assertEquals(1, mountCount(mountPoint));
        } finally {
            again.close();
        }
        assertFalse(DemoBpffs.mounted(mountPoint));
        assertFalse(Files.exists(mountPoint));
        first.close();
    }

    @Test
    void aLoadBalancerThatFailsToStartEndsTheDemoWithExit2AndNothingLeft(@TempDir Path tmp) throws IOException {
        Path home = installation(tmp, "echo \"lb: stand-in refusing to start ($*)\" >&2\nexit 2");
        Path state = tmp.resolve("state");
        StringWriter buf = new StringWriter();
        int code = Demo.run(new PrintWriter(buf, true), home,
                new DemoSettings(PREFIX, BLOCK, state, 10), true);
        String out = buf.toString();
        assertEquals(2, code, out);
        assertTrue(out.contains("[demo] starting 3 HTTP backends"), out);
        assertTrue(out.contains("the load balancer exited before its admin API came up"), out);
        assertTrue(out.contains("stand-in refusing to start (run -c " + state.resolve("lb.conf") + ")"), out);
        assertTrue(out.contains("[demo] sandbox removed"), out);
        assertEquals(List.of(), Sandbox.namespaces(PREFIX));
        assertFalse(DemoBpffs.mounted(state.resolve("bpffs")));
        assertFalse(Files.exists(state));
    }

    @Test
    void ctrlCTearsEverythingDown(@TempDir Path tmp) throws Exception {
        // Stands in for a load balancer that is still starting when the operator presses Ctrl-C: a shell (whose
        // command line names the installation) waiting for a child, as a launcher script would.
        Path home = installation(tmp, "sleep 613");
        Path state = tmp.resolve("state");
        Path log = tmp.resolve("demo.out");
        Process demo = new ProcessBuilder(javaOnClassPath(DemoInterruptMain.class,
                List.of(home.toString(), PREFIX, Integer.toString(BLOCK), state.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("[demo] starting the load balancer")) {
                assertTrue(demo.isAlive(), Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the demo did not get to the load balancer: "
                        + Files.readString(log));
                Thread.sleep(100);
            }
            Thread.sleep(500);
            assertTrue(Sandbox.namespaces(PREFIX).contains(PREFIX + "lb"));
            assertTrue(DemoBpffs.mounted(state.resolve("bpffs")));
            Command.of("kill", "-s", "INT", Long.toString(demo.pid())).check();
            assertTrue(demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
        } finally {
            demo.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(out.contains("[demo] sandbox removed"), out);
        assertEquals(List.of(), Sandbox.namespaces(PREFIX));
        assertFalse(DemoBpffs.mounted(state.resolve("bpffs")));
        assertFalse(Files.exists(state));
        String launcher = home.resolve("bin/lb").toString();
        assertTrue(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                        .noneMatch(c -> c.contains(launcher) || c.equals("sleep 613")),
                "a process of the stand-in load balancer survived");
    }

    /**
     * A JVM with everything on the class path, this test's classes included: when tests run on the module path,
     * test classes are patched into the module and a child started with {@code -m} would not see them.
     */
    private static List<String> javaOnClassPath(Class<?> main, List<String> args) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(main, Demo.class)) {
            entries.add(Path.of(URI.create(c.getProtectionDomain().getCodeSource().getLocation().toString()))
                    .toString());
        }
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            if (!value.isEmpty()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, entries), main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    private static Path installation(Path tmp, String script) throws IOException {
        Path home = tmp.resolve("home");
        Path lb = home.resolve("bin").resolve("lb");
        Files.createDirectories(lb.getParent());
        Files.writeString(lb, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(lb, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static long mountCount(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .filter(l -> l.split(" ")[1].equals(dir.toString())).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
