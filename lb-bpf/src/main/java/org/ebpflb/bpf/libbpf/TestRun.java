package org.ebpflb.bpf.libbpf;

import java.util.Arrays;
import jnr.ffi.Pointer;

/** BPF_PROG_TEST_RUN: runs a loaded program on a packet in the kernel, for fixtures and benchmarks. */
public final class TestRun {
    private static final int HEADROOM = 512;

    /**
     * @param verdict the program's return value (XDP_* or TC_ACT_*)
     * @param packet the packet after the program ran
     * @param durationNs the kernel's average time per repetition
     */
    public record Result(int verdict, byte[] packet, long durationNs) {
    }

    private TestRun() {
    }

    /**
     * @param programFd program
     * @param packet input frame (at least an Ethernet header)
     * @param repeat runs, each on the previous run's output
     * @return verdict, output and duration
     */
    public static Result run(int programFd, byte[] packet, int repeat) {
        Pointer in = Libbpf.allocate(packet.length);
        in.put(0, packet, 0, packet.length);
        int outSize = packet.length + HEADROOM;
        Pointer out = Libbpf.allocate(outSize);
        // struct bpf_test_run_opts, see bpf/bpf.h
        Pointer opts = Libbpf.allocate(80);
        opts.putLong(0, 80);
        opts.putAddress(8, in.address());
        opts.putAddress(16, out.address());
        opts.putInt(24, packet.length);
        opts.putInt(28, outSize);
        opts.putInt(60, repeat);
        Libbpf.check(Libbpf.lib().bpf_prog_test_run_opts(programFd, opts), "bpf_prog_test_run_opts");
        int outLen = opts.getInt(28);
        byte[] result = new byte[outLen];
        out.get(0, result, 0, outLen);
        return new Result(opts.getInt(56), Arrays.copyOf(result, outLen), Integer.toUnsignedLong(opts.getInt(64)));
    }
}
