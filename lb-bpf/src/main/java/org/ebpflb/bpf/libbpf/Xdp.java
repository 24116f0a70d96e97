package org.ebpflb.bpf.libbpf;

import jnr.ffi.Pointer;

/** XDP attachment through netlink (bpf_xdp_attach/detach/query). Programs attached this way outlive the process. */
public final class Xdp {
    /** XDP_FLAGS_UPDATE_IF_NOEXIST */
    public static final int FLAGS_UPDATE_IF_NOEXIST = 1;
    /** XDP_FLAGS_SKB_MODE: generic */
    public static final int FLAGS_SKB_MODE = 1 << 1;
    /** XDP_FLAGS_DRV_MODE: native */
    public static final int FLAGS_DRV_MODE = 1 << 2;
    /** XDP_FLAGS_REPLACE: swap only if the given old program is attached */
    public static final int FLAGS_REPLACE = 1 << 4;

    /** XDP_ATTACHED_* as reported by {@link #query}. */
    public enum Mode {
        /** nothing attached */
        NONE,
        /** native (driver) */
        NATIVE,
        /** generic (skb) */
        GENERIC,
        /** offloaded */
        HW,
        /** several */
        MULTI;

        /** @return the attach flag for this mode */
        public int flag() {
            return switch (this) {
                case NATIVE -> FLAGS_DRV_MODE;
                case GENERIC -> FLAGS_SKB_MODE;
                default -> 0;
            };
        }
    }

    /**
     * What is attached to an interface.
     *
     * @param programId the attached program's id, 0 for none
     * @param mode how it is attached
     */
    public record Attached(int programId, Mode mode) {
    }

    private Xdp() {
    }

    /**
     * Attaches, or atomically replaces {@code oldProgramFd} when it is not negative.
     *
     * @param ifindex interface
     * @param programFd program
     * @param mode native or generic
     * @param oldProgramFd the program expected to be attached now, or -1 for a fresh attach
     */
    public static void attach(int ifindex, int programFd, Mode mode, int oldProgramFd) {
        int flags = mode.flag();
        Pointer opts = null;
        if (oldProgramFd >= 0) {
            flags |= FLAGS_REPLACE;
            opts = Libbpf.allocate(16); // struct bpf_xdp_attach_opts { size_t sz; int old_prog_fd; }
            opts.putLong(0, 16);
            opts.putInt(8, oldProgramFd);
        } else {
            flags |= FLAGS_UPDATE_IF_NOEXIST;
        }
        Libbpf.check(Libbpf.lib().bpf_xdp_attach(ifindex, programFd, flags, opts),
                "bpf_xdp_attach(ifindex " + ifindex + ", " + mode + ")");
    }

    /** @param ifindex interface @param mode the mode it is attached in */
    public static void detach(int ifindex, Mode mode) {
        Libbpf.check(Libbpf.lib().bpf_xdp_detach(ifindex, mode.flag(), null), "bpf_xdp_detach(ifindex " + ifindex + ")");
    }

    /** @param ifindex interface @return what is attached */
    public static Attached query(int ifindex) {
        // struct bpf_xdp_query_opts { size_t sz; __u32 prog_id, drv_prog_id, hw_prog_id, skb_prog_id; __u8 attach_mode; }
        Pointer opts = Libbpf.allocate(32);
        opts.putLong(0, 32);
        Libbpf.check(Libbpf.lib().bpf_xdp_query(ifindex, 0, opts), "bpf_xdp_query(ifindex " + ifindex + ")");
        int mode = opts.getByte(24) & 0xff;
        Mode m = mode < Mode.values().length ? Mode.values()[mode] : Mode.MULTI;
        int id = switch (m) {
            case NATIVE -> opts.getInt(12);
            case GENERIC -> opts.getInt(20);
            default -> opts.getInt(8);
        };
        return new Attached(id, m);
    }
}
