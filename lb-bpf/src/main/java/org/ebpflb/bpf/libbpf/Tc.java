package org.ebpflb.bpf.libbpf;

import jnr.ffi.Pointer;

/** tc clsact egress filters through libbpf's bpf_tc_* API, one filter per (handle, priority), replaced in place. */
public final class Tc {
    private static final int BPF_TC_EGRESS = 2;
    private static final int BPF_TC_F_REPLACE = 1;

    private Tc() {
    }

    /**
     * Creates the clsact qdisc if needed and attaches or atomically replaces the egress filter.
     *
     * @param ifindex interface
     * @param programFd a sched_cls program
     * @param handle filter handle
     * @param priority filter priority
     */
    public static void attachEgress(int ifindex, int programFd, int handle, int priority) {
        Pointer hook = hook(ifindex);
        int ret = Libbpf.lib().bpf_tc_hook_create(hook);
        if (ret < 0 && ret != -BpfException.EEXIST) {
            Libbpf.check(ret, "bpf_tc_hook_create(ifindex " + ifindex + ")");
        }
        Pointer opts = opts(handle, priority);
        opts.putInt(8, programFd);
        opts.putInt(12, BPF_TC_F_REPLACE);
        Libbpf.check(Libbpf.lib().bpf_tc_attach(hook, opts), "bpf_tc_attach(ifindex " + ifindex + ")");
    }

    /**
     * @param ifindex interface
     * @param handle filter handle
     * @param priority filter priority
     * @return the attached program id, 0 when there is no such filter
     */
    public static int queryEgress(int ifindex, int handle, int priority) {
        Pointer opts = opts(handle, priority);
        int ret = Libbpf.lib().bpf_tc_query(hook(ifindex), opts);
        if (ret == -BpfException.ENOENT || ret == -BpfException.EINVAL) {
            return 0; // no clsact qdisc or no such filter
        }
        Libbpf.check(ret, "bpf_tc_query(ifindex " + ifindex + ")");
        return opts.getInt(16);
    }

    /** @param ifindex interface @param handle filter handle @param priority filter priority */
    public static void detachEgress(int ifindex, int handle, int priority) {
        Libbpf.check(Libbpf.lib().bpf_tc_detach(hook(ifindex), opts(handle, priority)),
                "bpf_tc_detach(ifindex " + ifindex + ")");
    }

    private static Pointer hook(int ifindex) {
        // struct bpf_tc_hook { size_t sz; int ifindex; enum attach_point; __u32 parent; }
        Pointer hook = Libbpf.allocate(24);
        hook.putLong(0, 24);
        hook.putInt(8, ifindex);
        hook.putInt(12, BPF_TC_EGRESS);
        return hook;
    }

    private static Pointer opts(int handle, int priority) {
        // struct bpf_tc_opts { size_t sz; int prog_fd; __u32 flags, prog_id, handle, priority; }
        Pointer opts = Libbpf.allocate(32);
        opts.putLong(0, 32);
        opts.putInt(20, handle);
        opts.putInt(24, priority);
        return opts;
    }
}
