package org.ebpflb.lab.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code lb demo}: builds a sandbox in network namespaces, runs real backends and the installed load balancer in it,
 * sends real requests and prints what happened, then removes everything (also on failure and Ctrl-C).
 *
 * <p>The CLI calls {@link #run(PrintWriter, Path)} with the installation directory and returns its result as the exit
 * code.
 */
public final class Demo {
    /** Printed when not running as root. */
    public static final String NEEDS_ROOT =
            "lb demo needs root (it creates network namespaces and attaches XDP programs)";

    private Demo() {
    }

    /**
     * Runs the demo. Needs root; uses namespaces {@code lbdemo-*}, addresses 198.18.0.0/21 and /run/ebpf-lb-demo.
     * The environment variable {@value DemoSettings#REQUESTS_VARIABLE} sets the requests per measurement (default
     * 1000).
     *
     * @param out where progress and results are printed
     * @param lbHome the installation directory (holding bin/lb, lib/, plugins/)
     * @return the exit code: 0 done, 1 not root or a bad {@value DemoSettings#REQUESTS_VARIABLE}, 2 the installation
     *     is incomplete or a step failed
     */
    public static int run(PrintWriter out, Path lbHome) {
        if (!isRoot()) {
            out.println(NEEDS_ROOT);
            return 1;
        }
        DemoSettings settings;
        try {
            settings = DemoSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("lb demo: " + e.getMessage());
            return 1;
        }
        return run(out, lbHome, settings, true);
    }

    /**
     * @param out where progress and results are printed
     * @param lbHome the installation directory
     * @param settings prefix, address block and state directory
     * @param root whether the process runs as root
     * @return the exit code
     */
    static int run(PrintWriter out, Path lbHome, DemoSettings settings, boolean root) {
        if (!root) {
            out.println(NEEDS_ROOT);
            return 1;
        }
        Path launcher = DemoLoadBalancer.launcher(lbHome);
        if (!Files.isExecutable(launcher)) {
            out.println("lb demo: " + launcher + " is missing or not executable; run the demo from an unpacked"
                    + " ebpf-lb distribution");
            return 2;
        }
        // A second demo would sweep the first one's namespaces as stale: one at a time per state directory.
        Path lockFile = settings.lockFile();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                out.println("lb demo: another demo is running (it holds " + lockFile + ")");
                return 2;
            }
            try {
                return new DemoRun(out, lbHome, settings).run();
            } finally {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException e) {
            out.println("lb demo: cannot use the lock file " + lockFile + ": " + e.getMessage());
            return 2;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
