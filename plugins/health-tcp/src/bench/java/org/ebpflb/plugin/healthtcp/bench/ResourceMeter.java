package org.ebpflb.plugin.healthtcp.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * CPU and heap of this JVM over a measurement window.
 *
 * <p>CPU: process CPU time (all threads, user and system) over wall time, from the OperatingSystemMXBean; the
 * user/system split from {@code /proc/self/stat}; which threads spent it from the ThreadMXBean (platform threads only,
 * so the rest is the JVM's own: GC, JIT compilers). Heap: the used heap before and after every collection, from GC
 * notifications, plus a sample each second.
 */
final class ResourceMeter implements AutoCloseable {
    private final OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener gcListener = this::collected;
    private static final long MIN_SAMPLE_NANOS = Duration.ofMillis(500).toNanos();

    private final long clockTicks;

    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong collectionsSeen = new AtomicLong();
    private volatile boolean open;

    private long wallStart;
    private long cpuStart;
    private long[] ticksStart;
    private Map<Long, Long> threadCpuStart;
    private Map<String, long[]> gcStart;
    private long sampleWall;
    private long sampleCpu;
    private double maxSecondCpu;
    private Map<String, long[]> schedStart;
    private Map<String, long[]> schedSample;
    private double lastSecondCpu;
    private long lastSecondWall = 1;
    private Map<String, long[]> lastSecond = Map.of();

    /** @param clockTicks the kernel's USER_HZ ({@code getconf CLK_TCK}), the unit of {@code /proc/self/stat} times */
    ResourceMeter(long clockTicks) {
        this.clockTicks = clockTicks;
        for (GarbageCollectorMXBean gc : collectors) {
            ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null);
        }
    }

    /**
     * What the window measured.
     *
     * @param wall its length
     * @param cpu process CPU time / wall time (1.0 = one core busy)
     * @param maxSecondCpu the busiest one-second sample of the same ratio
     * @param user the user-mode part of {@code cpu}
     * @param system the kernel-mode part of {@code cpu}
     * @param byThread {@code cpu} split by thread group
     * @param runQueue per thread group of {@link ThreadSchedStats}: {on-CPU, runnable but waiting for a CPU}, each as
     *     a share of wall time
     * @param maxUsed the most heap seen in use (before a collection or in a sample), bytes
     * @param collected whether any collection ended in the window (else the after-GC figures are 0)
     * @param maxAfterGc the most heap in use right after a collection, bytes
     * @param collections per collector: "count, total ms"
     */
    record Window(Duration wall, double cpu, double maxSecondCpu, double user, double system,
                  Map<String, Double> byThread, Map<String, double[]> runQueue, long maxUsed, boolean collected, long maxAfterGc,
                  Map<String, String> collections) {
    }

    /** Starts the window. */
    void openWindow() {
        maxUsed.set(heapUsed());
        maxAfterGc.set(0);
        collectionsSeen.set(0);
        gcStart = gcCounts();
        threadCpuStart = threadCpu();
        schedStart = ThreadSchedStats.snapshot();
        schedSample = schedStart;
        ticksStart = procTicks();
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
        sampleWall = wallStart;
        sampleCpu = cpuStart;
        maxSecondCpu = 0;
        open = true;
    }

    /**
     * Takes the per-second sample: call about once a second while the window is open. A call less than half a second
     * after the previous sample only samples the heap: process CPU time advances in scheduler ticks, so a short
     * interval would read as several cores.
     */
    void sample() {
        maxUsed.accumulateAndGet(heapUsed(), Math::max);
        long wall = System.nanoTime();
        if (wall - sampleWall < MIN_SAMPLE_NANOS) {
            return;
        }
        long cpu = os.getProcessCpuTime();
        Map<String, long[]> sched = ThreadSchedStats.snapshot();
        lastSecondCpu = (double) (cpu - sampleCpu) / (wall - sampleWall);
        maxSecondCpu = Math.max(maxSecondCpu, lastSecondCpu);
        lastSecond = ThreadSchedStats.delta(schedSample, sched);
        lastSecondWall = wall - sampleWall;
        sampleWall = wall;
        sampleCpu = cpu;
        schedSample = sched;
    }

    /** @return process CPU / wall between the last two samples */
    double lastSecondCpu() {
        return lastSecondCpu;
    }

    /**
     * @param group a {@link ThreadSchedStats} group
     * @return how long that group's threads waited for a CPU between the last two samples, per second of wall time
     */
    double lastSecondWait(String group) {
        long[] v = lastSecond.get(group);
        return v == null ? 0 : (double) v[1] / lastSecondWall;
    }

    /** @return the window's figures; the window is closed afterwards */
    Window closeWindow() {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        long[] ticks = procTicks();
        Map<Long, Long> threadCpu = threadCpu();
        Map<String, long[]> sched = ThreadSchedStats.delta(schedStart, ThreadSchedStats.snapshot());
        Map<String, long[]> gcEnd = gcCounts();
        sample();
        open = false;
        double seconds = wall / 1e9;
        double user = (ticks[0] - ticksStart[0]) / (double) clockTicks / seconds;
        double system = (ticks[1] - ticksStart[1]) / (double) clockTicks / seconds;
        Map<String, Double> byThread = byThread(threadCpu, cpu, wall);
        Map<String, String> collections = new LinkedHashMap<>();
        gcEnd.forEach((name, end) -> {
            long[] start = gcStart.getOrDefault(name, new long[2]);
            collections.put(name, (end[0] - start[0]) + " collections, " + (end[1] - start[1]) + " ms");
        });
        Map<String, double[]> runQueue = new LinkedHashMap<>();
        sched.forEach((g, v) -> runQueue.put(g, new double[] {(double) v[0] / wall, (double) v[1] / wall}));
        return new Window(Duration.ofNanos(wall), (double) cpu / wall, maxSecondCpu, user, system, byThread, runQueue,
                maxUsed.get(), collectionsSeen.get() > 0, maxAfterGc.get(), collections);
    }

    /** @return heap in use after a full collection requested now: the live set, bytes */
    long liveAfterFullGc() {
        System.gc();
        return heapUsed();
    }

    /** @return the maximum heap size (-Xmx as the JVM applied it), bytes */
    long maxHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : collectors) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(gcListener);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }

    private void collected(Notification n, Object handback) {
        if (!open || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        long before = heapSum(info.getMemoryUsageBeforeGc());
        long after = heapSum(info.getMemoryUsageAfterGc());
        maxUsed.accumulateAndGet(before, Math::max);
        maxAfterGc.accumulateAndGet(after, Math::max);
        collectionsSeen.incrementAndGet();
    }

    private long heapSum(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Map<String, long[]> gcCounts() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : collectors) {
            out.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
        }
        return out;
    }

    private Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** Groups by what the threads do; the rest of the process's CPU time went to the JVM's own threads. */
    private Map<String, Double> byThread(Map<Long, Long> end, long processCpu, long wall) {
        Map<String, Long> groups = new LinkedHashMap<>();
        groups.put("tick (scheduler thread)", 0L);
        groups.put("probes (virtual-thread carriers)", 0L);
        groups.put("other Java threads", 0L);
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            long spent = e.getValue() - threadCpuStart.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            String name = info == null ? "" : info.getThreadName();
            String group = name.startsWith("pool-") ? "tick (scheduler thread)"
                    : name.startsWith("ForkJoinPool-") ? "probes (virtual-thread carriers)" : "other Java threads";
            groups.merge(group, spent, Long::sum);
            javaThreads += spent;
        }
        groups.put("JVM internal (GC, JIT, exited threads)", Math.max(0, processCpu - javaThreads));
        Map<String, Double> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, (double) v / wall));
        return out;
    }

    /** @return {utime, stime} of this process in clock ticks */
    private static long[] procTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name (which may hold spaces) start with field 3, "state"
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
