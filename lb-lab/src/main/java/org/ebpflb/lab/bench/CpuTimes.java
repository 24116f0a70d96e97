package org.ebpflb.lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine's CPU time from the first line of {@code /proc/stat}, in clock ticks summed over all CPUs. Namespaces
 * share the CPUs, so the softirq time of the client, the load balancer and the backend all land here: a system's
 * cost is read as its difference to the direct connection measured in the same round.
 *
 * @param softirq ticks spent in softirq (where the packet path and XDP run)
 * @param busy ticks not idle and not waiting for I/O
 */
public record CpuTimes(long softirq, long busy) {
    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every architecture it supports. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** @return the current totals */
    public static CpuTimes now() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    /**
     * @param cpuLine the aggregate line, {@code cpu  user nice system idle iowait irq softirq steal ...}
     * @return its totals
     */
    static CpuTimes parse(String cpuLine) {
        long[] t = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        long all = Arrays.stream(t).limit(8).sum();
        return new CpuTimes(t[6], all - t[3] - t[4]);
    }

    /**
     * @param earlier a sample taken before this one
     * @return the CPU seconds spent in between
     */
    public Spent since(CpuTimes earlier) {
        return new Spent((softirq - earlier.softirq) / TICKS_PER_SECOND, (busy - earlier.busy) / TICKS_PER_SECOND);
    }

    /**
     * CPU seconds spent during a measurement.
     *
     * @param softirqSeconds in softirq
     * @param busySeconds in anything but idle and I/O wait
     */
    public record Spent(double softirqSeconds, double busySeconds) {
    }
}
