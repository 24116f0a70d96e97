package org.ebpflb.bpf.libbpf;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/**
 * The libbpf calls ebpf-lb uses, bound by jnr-ffi to the system's libbpf (1.x). Functions returning {@code int}
 * return a negative errno on failure; functions returning a pointer return null and set errno. Callers go through
 * {@link Libbpf}, which turns failures into {@link BpfException}.
 */
public interface LibbpfBinding {
    /** libbpf's print callback: {@code int (*)(enum libbpf_print_level, const char *, va_list)}. */
    interface PrintCallback {
        /**
         * @param level 0 warn, 1 info, 2 debug
         * @param format printf format
         * @param args the va_list (a pointer on x86-64 and arm64)
         * @return characters printed
         */
        @Delegate
        int print(int level, Pointer format, Pointer args);
    }

    /** @param fn the new print callback @return the previous one */
    Pointer libbpf_set_print(PrintCallback fn);

    /** @return libbpf's major version */
    int libbpf_major_version();

    /** @return libbpf's minor version */
    int libbpf_minor_version();

    /** @return number of possible CPUs, the stride of per-CPU map values */
    int libbpf_num_possible_cpus();

    /** @param buf ELF image @param size its size @param opts open options or null @return the object or null */
    @SaveError
    Pointer bpf_object__open_mem(Pointer buf, @size_t long size, Pointer opts);

    /** @param obj an opened object @return 0 or -errno */
    int bpf_object__load(Pointer obj);

    /** @param obj an object; its programs and maps fds are closed */
    void bpf_object__close(Pointer obj);

    /** @param obj object @param name program function name @return the program or null */
    Pointer bpf_object__find_program_by_name(Pointer obj, String name);

    /** @param obj object @param name map name @return the map or null */
    Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    /** @param obj object @param prev previous map or null @return the next map or null */
    Pointer bpf_object__next_map(Pointer obj, Pointer prev);

    /** @param map map @return its name */
    String bpf_map__name(Pointer map);

    /** @param prog program (loaded) @return its fd */
    int bpf_program__fd(Pointer prog);

    /** @param map map (loaded) @return its fd */
    int bpf_map__fd(Pointer map);

    /** @param map map @return key size */
    int bpf_map__key_size(Pointer map);

    /** @param map map @return value size */
    int bpf_map__value_size(Pointer map);

    /** @param map map @return max entries */
    int bpf_map__max_entries(Pointer map);

    /** @param map map (before load) @param maxEntries new size @return 0 or -errno */
    int bpf_map__set_max_entries(Pointer map, int maxEntries);

    /** @param map map (before load) @param path pin path: reused when it exists, pinned after load otherwise @return 0 or -errno */
    int bpf_map__set_pin_path(Pointer map, String path);

    /** @param map map (before load) @param fd an existing map to use instead of creating one @return 0 or -errno */
    int bpf_map__reuse_fd(Pointer map, int fd);

    /** @param fd map @param key key @param value value @param flags BPF_ANY etc. @return 0 or -errno */
    int bpf_map_update_elem(int fd, @In byte[] key, @In byte[] value, long flags);

    /** @param fd map @param key key @param value out @return 0 or -errno (-ENOENT when absent) */
    int bpf_map_lookup_elem(int fd, @In byte[] key, @Out byte[] value);

    /** @param fd map @param key key @return 0 or -errno */
    int bpf_map_delete_elem(int fd, @In byte[] key);

    /** @param fd map @param key current key or null for the first @param next out @return 0 or -ENOENT at the end */
    int bpf_map_get_next_key(int fd, @In byte[] key, @Out byte[] next);

    /**
     * @param fd map @param keys keys end to end @param values values end to end
     * @param count in: number of elements, out: number done @param opts null @return 0 or -errno
     */
    int bpf_map_update_batch(int fd, @In byte[] keys, @In byte[] values, int[] count, Pointer opts);

    /**
     * @param fd map @param inBatch position from the previous call, null for the first @param outBatch position out
     * @param keys keys out @param values values out @param count in: room, out: elements read @param opts null
     * @return 0, -ENOENT when this call reached the end (count may still be nonzero), or -errno
     */
    int bpf_map_lookup_batch(int fd, @In byte[] inBatch, @Out byte[] outBatch, @Out byte[] keys, @Out byte[] values,
                             int[] count, Pointer opts);

    /** @param path bpffs path @return fd or -errno */
    int bpf_obj_get(String path);

    /** @param id program id @return fd or -errno */
    int bpf_prog_get_fd_by_id(int id);

    /** @param fd program/map fd @param info info struct @param len in/out its length @return 0 or -errno */
    int bpf_obj_get_info_by_fd(int fd, Pointer info, int[] len);

    /** @param ifindex interface @param progFd program @param flags XDP_FLAGS_* @param opts bpf_xdp_attach_opts or null @return 0 or -errno */
    int bpf_xdp_attach(int ifindex, int progFd, int flags, Pointer opts);

    /** @param ifindex interface @param flags XDP_FLAGS_* mode @param opts bpf_xdp_attach_opts or null @return 0 or -errno */
    int bpf_xdp_detach(int ifindex, int flags, Pointer opts);

    /** @param ifindex interface @param flags 0 @param opts bpf_xdp_query_opts (out) @return 0 or -errno */
    int bpf_xdp_query(int ifindex, int flags, Pointer opts);

    /** @param hook bpf_tc_hook @return 0 or -errno (-EEXIST when the clsact qdisc exists) */
    int bpf_tc_hook_create(Pointer hook);

    /** @param hook bpf_tc_hook @param opts bpf_tc_opts @return 0 or -errno */
    int bpf_tc_attach(Pointer hook, Pointer opts);

    /** @param hook bpf_tc_hook @param opts bpf_tc_opts with handle and priority @return 0 or -errno */
    int bpf_tc_detach(Pointer hook, Pointer opts);

    /** @param hook bpf_tc_hook @param opts bpf_tc_opts with handle and priority; prog_id is filled @return 0 or -errno */
    int bpf_tc_query(Pointer hook, Pointer opts);

    /** libbpf's ring buffer callback: {@code int (*)(void *ctx, void *data, size_t size)}. */
    interface SampleCallback {
        /**
         * @param ctx the context given to ring_buffer__new (unused)
         * @param data the record
         * @param size its size
         * @return 0 to go on
         */
        @Delegate
        int sample(Pointer ctx, Pointer data, @size_t long size);
    }

    /**
     * @param mapFd a BPF_MAP_TYPE_RINGBUF map @param callback called per record @param ctx passed to it
     * @param opts null @return the ring buffer manager or null
     */
    @SaveError
    Pointer ring_buffer__new(int mapFd, SampleCallback callback, Pointer ctx, Pointer opts);

    /** @param rb ring buffer manager @param timeoutMs how long to wait for records @return records consumed or -errno */
    int ring_buffer__poll(Pointer rb, int timeoutMs);

    /** @param rb ring buffer manager @return records consumed (whatever is there, without waiting) or -errno */
    int ring_buffer__consume(Pointer rb);

    /** @param rb ring buffer manager; freed */
    void ring_buffer__free(Pointer rb);

    /** @param progFd program @param opts bpf_test_run_opts @return 0 or -errno */
    int bpf_prog_test_run_opts(int progFd, Pointer opts);
}
