package org.ebpflb.plugin.healthtcp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long this process's threads ran and how long they waited, runnable, for a CPU: the kernel's
 * {@code /proc/self/task/TID/schedstat}, grouped by the thread names the JVM gives the kernel ({@code comm}). Run-queue
 * wait tells a starved thread (the machine is busy) from a thread with nothing to do.
 */
final class ThreadSchedStats {
    /** Virtual-thread carriers. */
    static final String CARRIERS = "carriers";
    /** The health checker's scheduler thread. */
    static final String TICK = "tick";
    /** Garbage collector and JIT compiler threads. */
    static final String JVM = "GC and JIT";
    /** Everything else. */
    static final String OTHER = "other";

    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadSchedStats() {
    }

    /** @return per group: {nanoseconds on a CPU, nanoseconds runnable but waiting for one}, summed over its threads */
    static Map<String, long[]> snapshot() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String g : new String[] {CARRIERS, TICK, JVM, OTHER}) {
            out.put(g, new long[2]);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    String[] f = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).strip()
                            .split(" ");
                    long[] sum = out.get(group(comm));
                    sum[0] += Long.parseLong(f[0]);
                    sum[1] += Long.parseLong(f[1]);
                } catch (IOException exited) {
                    // the thread ended between listing and reading: its time is lost to both snapshots alike
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TASKS + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @param from an earlier snapshot
     * @param to a later one
     * @return per group: {on-CPU, run-queue wait} between them, nanoseconds (threads that exited in between are missed)
     */
    static Map<String, long[]> delta(Map<String, long[]> from, Map<String, long[]> to) {
        Map<String, long[]> out = new LinkedHashMap<>();
        to.forEach((g, v) -> {
            long[] f = from.getOrDefault(g, new long[2]);
            out.put(g, new long[] {Math.max(0, v[0] - f[0]), Math.max(0, v[1] - f[1])});
        });
        return out;
    }

    private static String group(String comm) {
        if (comm.startsWith("ForkJoinPool")) {
            return CARRIERS;
        }
        if (comm.startsWith("pool-")) {
            return TICK;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("C1 Compiler")
                || comm.startsWith("C2 Compiler")) {
            return JVM;
        }
        return OTHER;
    }
}
