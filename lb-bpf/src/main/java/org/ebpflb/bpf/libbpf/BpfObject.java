package org.ebpflb.bpf.libbpf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import jnr.ffi.Pointer;

/**
 * One BPF ELF object opened from memory: configure its maps (sizes, pin paths, reuse), load it, then look up
 * programs and maps. Closing releases every fd the object holds; pinned maps and attached programs stay.
 */
public final class BpfObject implements AutoCloseable {
    private static final int MAP_TYPE_PERCPU_HASH = 5;
    private static final int MAP_TYPE_PERCPU_ARRAY = 6;
    private static final int MAP_TYPE_LRU_PERCPU_HASH = 10;

    private final String name;
    /** libbpf reads the ELF from this memory until load finishes: held as long as the object. */
    private final Pointer image;
    private Pointer obj;
    private boolean loaded;

    private BpfObject(String name, Pointer image, Pointer obj) {
        this.name = name;
        this.image = image;
        this.obj = obj;
    }

    /**
     * @param name object name, shown by bpftool and in messages
     * @param elf the ELF image
     * @return the opened (not yet loaded) object
     */
    public static BpfObject open(String name, byte[] elf) {
        Pointer image = Libbpf.allocate(elf.length);
        image.put(0, elf, 0, elf.length);
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        Pointer cname = Libbpf.allocate(nameBytes.length);
        cname.put(0, nameBytes, 0, nameBytes.length);
        // struct bpf_object_open_opts { size_t sz; const char *object_name; ... }: later fields stay default.
        Pointer opts = Libbpf.allocate(16);
        opts.putLong(0, 16);
        opts.putAddress(8, cname.address());
        Pointer obj = Libbpf.lib().bpf_object__open_mem(image, elf.length, opts);
        if (obj == null) {
            throw Libbpf.error("bpf_object__open_mem(" + name + ")", Libbpf.lastErrno());
        }
        return new BpfObject(name, image, obj);
    }

    /** @return the names of the object's maps, in ELF order */
    public Iterable<String> mapNames() {
        Map<String, Pointer> maps = new LinkedHashMap<>();
        for (Pointer m = Libbpf.lib().bpf_object__next_map(live(), null); m != null;
                m = Libbpf.lib().bpf_object__next_map(obj, m)) {
            maps.put(Libbpf.lib().bpf_map__name(m), m);
        }
        return maps.keySet();
    }

    /** @param map map name @param maxEntries its size; before {@link #load()} */
    public void setMaxEntries(String map, int maxEntries) {
        Libbpf.check(Libbpf.lib().bpf_map__set_max_entries(mapPtr(map), maxEntries), "bpf_map__set_max_entries(" + map + ")");
    }

    /** @param map map name @param path explicit bpffs path: reused if pinned there, pinned there on load otherwise */
    public void setPinPath(String map, String path) {
        Libbpf.check(Libbpf.lib().bpf_map__set_pin_path(mapPtr(map), path), "bpf_map__set_pin_path(" + map + ")");
    }

    /** @param map map name @param fd a map of another object to share instead of creating one; before load */
    public void reuseMap(String map, int fd) {
        Libbpf.check(Libbpf.lib().bpf_map__reuse_fd(mapPtr(map), fd), "bpf_map__reuse_fd(" + map + ")");
    }

    /** Creates (or reuses) the maps and loads the programs through the verifier. */
    public void load() {
        Libbpf.check(Libbpf.lib().bpf_object__load(live()), "bpf_object__load(" + name + ")");
        loaded = true;
    }

    /** @param program program function name @return its fd (owned by this object) */
    public int programFd(String program) {
        Pointer p = Libbpf.lib().bpf_object__find_program_by_name(loadedObj(), program);
        if (p == null) {
            throw Libbpf.error("bpf_object__find_program_by_name(" + program + ")", BpfException.ENOENT);
        }
        return Libbpf.check(Libbpf.lib().bpf_program__fd(p), "bpf_program__fd(" + program + ")");
    }

    /** @param map map name @return the loaded map (fd owned by this object) */
    public BpfMap map(String map) {
        Pointer m = mapPtr(map);
        loadedObj();
        int fd = Libbpf.check(Libbpf.lib().bpf_map__fd(m), "bpf_map__fd(" + map + ")");
        int type = mapType(fd);
        boolean perCpu = type == MAP_TYPE_PERCPU_ARRAY || type == MAP_TYPE_PERCPU_HASH
                || type == MAP_TYPE_LRU_PERCPU_HASH;
        return new BpfMap(map, fd, Libbpf.lib().bpf_map__key_size(m), Libbpf.lib().bpf_map__value_size(m),
                Libbpf.lib().bpf_map__max_entries(m), perCpu);
    }

    /** @return the object name */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (obj != null) {
            Libbpf.lib().bpf_object__close(obj);
            obj = null;
        }
    }

    private static int mapType(int fd) {
        // struct bpf_map_info starts with __u32 type.
        Pointer info = Libbpf.allocate(80);
        int[] len = {80};
        Libbpf.check(Libbpf.lib().bpf_obj_get_info_by_fd(fd, info, len), "bpf_obj_get_info_by_fd(map)");
        return info.getInt(0);
    }

    private Pointer mapPtr(String map) {
        Pointer m = Libbpf.lib().bpf_object__find_map_by_name(live(), map);
        if (m == null) {
            throw Libbpf.error("bpf_object__find_map_by_name(" + name + ", " + map + ")", BpfException.ENOENT);
        }
        return m;
    }

    private Pointer live() {
        if (obj == null) {
            throw new IllegalStateException(name + " is closed");
        }
        return obj;
    }

    private Pointer loadedObj() {
        if (!loaded) {
            throw new IllegalStateException(name + " is not loaded");
        }
        return live();
    }
}
