package org.ebpflb.bpf.libbpf;

/** bpf(2) object handles outside an object: pinned objects, ids, program info. */
public final class Fds {
    private Fds() {
    }

    /** @param path bpffs path @return an fd of the pinned object, which the caller closes */
    public static int objGet(String path) {
        return Libbpf.check(Libbpf.lib().bpf_obj_get(path), "bpf_obj_get(" + path + ")");
    }

    /** @param id program id @return an fd the caller closes */
    public static int programById(int id) {
        return Libbpf.check(Libbpf.lib().bpf_prog_get_fd_by_id(id), "bpf_prog_get_fd_by_id(" + id + ")");
    }

    /** @param fd an fd this process owns */
    public static void close(int fd) {
        if (fd >= 0) {
            Libbpf.libc().close(fd);
        }
    }

    /** @param fd a map fd @return the map's kernel id */
    public static int mapId(int fd) {
        // struct bpf_map_info { __u32 type; __u32 id; ... }
        jnr.ffi.Pointer info = Libbpf.allocate(88);
        int[] len = {88};
        Libbpf.check(Libbpf.lib().bpf_obj_get_info_by_fd(fd, info, len), "bpf_obj_get_info_by_fd(map)");
        return info.getInt(4);
    }

    /**
     * @param id a program id
     * @return its name and the ids of the maps it uses
     */
    public static ProgramInfo programInfo(int id) {
        int fd = programById(id);
        try {
            // struct bpf_prog_info: xlated_prog_len at 20, nr_map_ids at 52, map_ids (pointer) at 56, name[16] at 64,
            // verified_insns at 216.
            jnr.ffi.Pointer info = Libbpf.allocate(256);
            int[] len = {256};
            Libbpf.check(Libbpf.lib().bpf_obj_get_info_by_fd(fd, info, len), "bpf_obj_get_info_by_fd(prog " + id + ")");
            int nrMaps = info.getInt(52);
            jnr.ffi.Pointer ids = Libbpf.allocate(Math.max(4, nrMaps * 4));
            jnr.ffi.Pointer again = Libbpf.allocate(256);
            again.putInt(52, nrMaps);
            again.putLong(56, ids.address());
            int[] len2 = {256};
            Libbpf.check(Libbpf.lib().bpf_obj_get_info_by_fd(fd, again, len2), "bpf_obj_get_info_by_fd(prog " + id + ")");
            int[] mapIds = new int[Math.min(nrMaps, again.getInt(52))];
            ids.get(0, mapIds, 0, mapIds.length);
            return new ProgramInfo(id, again.getString(64, 16, java.nio.charset.StandardCharsets.US_ASCII), mapIds,
                    again.getInt(20) / 8, again.getInt(216));
        } finally {
            close(fd);
        }
    }

    /**
     * What the kernel says about a loaded program.
     *
     * @param id program id
     * @param name program name (first 15 characters of the function name)
     * @param mapIds ids of the maps it references
     * @param xlatedInstructions instructions after the verifier's rewrites
     * @param verifiedInstructions instructions the verifier processed (0 on kernels before 5.16)
     */
    public record ProgramInfo(int id, String name, int[] mapIds, int xlatedInstructions, int verifiedInstructions) {
        /** @param mapId a map id @return whether the program uses that map */
        public boolean usesMap(int mapId) {
            for (int m : mapIds) {
                if (m == mapId) {
                    return true;
                }
            }
            return false;
        }
    }
}
