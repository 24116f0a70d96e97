package org.ebpflb.bpf.libbpf;

import java.nio.charset.StandardCharsets;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point to the system libbpf: loads it once, bridges its log into slf4j (logger {@code org.ebpflb.bpf.libbpf},
 * warn/info/debug) and turns negative returns into {@link BpfException}.
 */
public final class Libbpf {
    private static final Logger LIBBPF_LOG = LoggerFactory.getLogger("org.ebpflb.bpf.libbpf");
    private static final LibbpfBinding LIB;
    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    /** The kernel's netlink error text libbpf printed last on this thread, attached to the next exception. */
    private static final ThreadLocal<String> KERNEL_MESSAGE = new ThreadLocal<>();
    private static final String KERNEL_PREFIX = "libbpf: Kernel error message: ";
    /** Held here so the native callback is never collected. */
    private static final LibbpfBinding.PrintCallback PRINT = Libbpf::print;

    static {
        // libbpf.so comes with the -dev package only; libbpf.so.1 is what a runtime machine has.
        LIB = LibraryLoader.create(LibbpfBinding.class).failImmediately().library("libbpf.so.1").library("bpf").load();
        LIBC = LibraryLoader.create(LibC.class).failImmediately().library("c").load();
        RUNTIME = Runtime.getRuntime(LIB);
        LIB.libbpf_set_print(PRINT);
    }

    private Libbpf() {
    }

    /** @return the bound libbpf */
    public static LibbpfBinding lib() {
        return LIB;
    }

    /** @return the bound libc */
    public static LibC libc() {
        return LIBC;
    }

    /** @return the jnr runtime, for native memory */
    public static Runtime runtime() {
        return RUNTIME;
    }

    /** @return e.g. "1.1" */
    public static String version() {
        return LIB.libbpf_major_version() + "." + LIB.libbpf_minor_version();
    }

    /** @return the number of possible CPUs (per-CPU maps hold one value each) */
    public static int possibleCpus() {
        return check(LIB.libbpf_num_possible_cpus(), "libbpf_num_possible_cpus");
    }

    /**
     * @param ret a libbpf return value
     * @param what the call, for the message
     * @return ret when it is not negative
     * @throws BpfException when it is
     */
    public static int check(int ret, String what) {
        if (ret < 0) {
            throw error(what, -ret);
        }
        KERNEL_MESSAGE.remove();
        return ret;
    }

    /**
     * @param what the call
     * @param errno positive errno
     * @return the exception to throw
     */
    public static BpfException error(String what, int errno) {
        String kernel = KERNEL_MESSAGE.get();
        KERNEL_MESSAGE.remove();
        return new BpfException(what, errno, LIBC.strerror(errno) + (kernel == null ? "" : " (kernel: " + kernel + ")"));
    }

    /** @return errno saved by the last call annotated with SaveError */
    public static int lastErrno() {
        return LastError.getLastError(RUNTIME);
    }

    /** @param size bytes @return zeroed native memory, freed when unreachable */
    public static Pointer allocate(int size) {
        return jnr.ffi.Memory.allocateDirect(RUNTIME, size, true);
    }

    private static int print(int level, Pointer format, Pointer args) {
        String fmt = format.getString(0);
        if (fmt.startsWith(KERNEL_PREFIX)) {
            // Netlink extack text: expected answers (no qdisc yet, qdisc exists) come this way too, so it is kept
            // for the exception of a call that really fails instead of being logged as a warning.
            byte[] buf = new byte[512];
            int n = LIBC.vsnprintf(buf, buf.length, format, args);
            String line = new String(buf, 0, Math.max(0, Math.min(n, buf.length - 1)), StandardCharsets.UTF_8).strip();
            String text = line.substring(Math.min(line.length(), KERNEL_PREFIX.length()));
            KERNEL_MESSAGE.set(text);
            LIBBPF_LOG.debug("kernel: {}", text);
            return n;
        }
        boolean enabled = switch (level) {
            case 0 -> LIBBPF_LOG.isWarnEnabled();
            case 1 -> LIBBPF_LOG.isInfoEnabled();
            default -> LIBBPF_LOG.isDebugEnabled();
        };
        if (!enabled) {
            return 0;
        }
        // The va_list can be consumed once: one vsnprintf into a buffer large enough for libbpf's lines.
        byte[] buf = new byte[2048];
        int n = LIBC.vsnprintf(buf, buf.length, format, args);
        int len = Math.max(0, Math.min(n, buf.length - 1));
        String line = new String(buf, 0, len, StandardCharsets.UTF_8).stripTrailing();
        switch (level) {
            case 0 -> LIBBPF_LOG.warn("{}", line);
            case 1 -> LIBBPF_LOG.info("{}", line);
            default -> LIBBPF_LOG.debug("{}", line);
        }
        return n;
    }
}
