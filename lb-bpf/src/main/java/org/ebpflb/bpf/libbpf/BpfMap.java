package org.ebpflb.bpf.libbpf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A BPF map by file descriptor with byte-array keys and values (encoded by the typed wrappers in
 * {@code org.ebpflb.bpf.maps}). Per-CPU maps read and write one value per possible CPU, each padded to 8 bytes.
 *
 * @param name map name, for messages
 * @param fd the map's file descriptor (owned by whoever opened it)
 * @param keySize key size in bytes
 * @param valueSize value size in bytes (one CPU's value for per-CPU maps)
 * @param maxEntries capacity
 * @param perCpu whether values are per CPU
 */
public record BpfMap(String name, int fd, int keySize, int valueSize, int maxEntries, boolean perCpu) {
    /** BPF_ANY */
    public static final long ANY = 0;

    /** @return bytes of one lookup or update value: valueSize, or the per-CPU stride times the CPUs */
    public int valueBufferSize() {
        return perCpu ? perCpuStride() * Libbpf.possibleCpus() : valueSize;
    }

    /** @return one CPU's slot in a per-CPU value buffer */
    public int perCpuStride() {
        return (valueSize + 7) & ~7;
    }

    /** @param key key @param value value (per-CPU maps: {@link #valueBufferSize()} bytes) */
    public void update(byte[] key, byte[] value) {
        checkSizes(key, value);
        Libbpf.check(Libbpf.lib().bpf_map_update_elem(fd, key, value, ANY), "bpf_map_update_elem(" + name + ")");
    }

    /** @param key key @return the value, empty when absent */
    public Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        byte[] value = new byte[valueBufferSize()];
        int ret = Libbpf.lib().bpf_map_lookup_elem(fd, key, value);
        if (ret == -BpfException.ENOENT) {
            return Optional.empty();
        }
        Libbpf.check(ret, "bpf_map_lookup_elem(" + name + ")");
        return Optional.of(value);
    }

    /** @param key key @return the per-CPU values of a per-CPU map, one array per possible CPU */
    public List<byte[]> lookupPerCpu(byte[] key) {
        if (!perCpu) {
            throw new IllegalStateException(name + " is not a per-CPU map");
        }
        byte[] all = lookup(key).orElseThrow(() -> Libbpf.error("bpf_map_lookup_elem(" + name + ")",
                BpfException.ENOENT));
        return perCpuValues(all, 0);
    }

    /**
     * Reads the first elements of a per-CPU array map with one syscall (BPF_MAP_LOOKUP_BATCH), for readers of many
     * counters at once.
     *
     * @param count how many elements, from index 0; at most {@link #maxEntries()}
     * @return per element, its per-CPU values
     */
    public List<List<byte[]>> lookupPerCpuBatch(int count) {
        if (!perCpu || keySize != Integer.BYTES) {
            throw new IllegalStateException(name + " is not a per-CPU array map");
        }
        if (count < 0 || count > maxEntries) {
            throw new IllegalArgumentException(name + ": batch of " + count + " elements, map holds " + maxEntries);
        }
        List<List<byte[]>> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        byte[] values = new byte[count * valueBufferSize()];
        int[] n = {count};
        int ret = Libbpf.lib().bpf_map_lookup_batch(fd, null, new byte[keySize], new byte[count * keySize], values,
                n, null);
        if (ret != -BpfException.ENOENT) { // ENOENT: the batch ended at the map's last element
            Libbpf.check(ret, "bpf_map_lookup_batch(" + name + ")");
        }
        if (n[0] != count) {
            throw new IllegalStateException(name + ": batch read " + n[0] + " of " + count);
        }
        for (int i = 0; i < count; i++) {
            out.add(perCpuValues(values, i * valueBufferSize()));
        }
        return out;
    }

    private List<byte[]> perCpuValues(byte[] buffer, int from) {
        List<byte[]> out = new ArrayList<>();
        for (int off = from; off < from + valueBufferSize(); off += perCpuStride()) {
            out.add(Arrays.copyOfRange(buffer, off, off + valueSize));
        }
        return out;
    }

    /** @param key key @return whether an element was deleted */
    public boolean delete(byte[] key) {
        checkKey(key);
        int ret = Libbpf.lib().bpf_map_delete_elem(fd, key);
        if (ret == -BpfException.ENOENT) {
            return false;
        }
        Libbpf.check(ret, "bpf_map_delete_elem(" + name + ")");
        return true;
    }

    /** @param key the current key, or null for the first @return the next key, empty at the end */
    public Optional<byte[]> nextKey(byte[] key) {
        byte[] next = new byte[keySize];
        int ret = Libbpf.lib().bpf_map_get_next_key(fd, key, next);
        if (ret == -BpfException.ENOENT) {
            return Optional.empty();
        }
        Libbpf.check(ret, "bpf_map_get_next_key(" + name + ")");
        return Optional.of(next);
    }

    /** @return every key of a hash-like map, in the kernel's iteration order */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        Optional<byte[]> k = nextKey(null);
        while (k.isPresent()) {
            keys.add(k.get());
            k = nextKey(k.get());
        }
        return keys;
    }

    /**
     * Writes many elements with one syscall.
     *
     * @param keys keys end to end
     * @param values values end to end
     */
    public void updateBatch(byte[] keys, byte[] values) {
        int count = keys.length / keySize;
        if (keys.length != count * keySize || values.length != count * valueBufferSize()) {
            throw new IllegalArgumentException(name + ": batch of " + keys.length + "/" + values.length + " bytes");
        }
        if (count == 0) {
            return;
        }
        int[] n = {count};
        Libbpf.check(Libbpf.lib().bpf_map_update_batch(fd, keys, values, n, null), "bpf_map_update_batch(" + name + ")");
        if (n[0] != count) {
            throw new IllegalStateException(name + ": batch wrote " + n[0] + " of " + count);
        }
    }

    /**
     * Reads every element of a hash-like map, a chunk per syscall: a consistent view of each chunk, not of the whole
     * map while programs write it.
     *
     * @param chunk elements per syscall
     * @param each called with each key and value
     */
    public void forEachBatch(int chunk, java.util.function.BiConsumer<byte[], byte[]> each) {
        byte[] keys = new byte[chunk * keySize];
        byte[] values = new byte[chunk * valueBufferSize()];
        byte[] in = null;
        byte[] out = new byte[Math.max(keySize, 8)];
        while (true) {
            int[] n = {chunk};
            int ret = Libbpf.lib().bpf_map_lookup_batch(fd, in, out, keys, values, n, null);
            if (ret != 0 && ret != -BpfException.ENOENT) {
                Libbpf.check(ret, "bpf_map_lookup_batch(" + name + ")");
            }
            for (int i = 0; i < n[0]; i++) {
                each.accept(Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize),
                        Arrays.copyOfRange(values, i * valueBufferSize(), (i + 1) * valueBufferSize()));
            }
            if (ret == -BpfException.ENOENT) {
                return;
            }
            in = out.clone();
        }
    }

    private void checkSizes(byte[] key, byte[] value) {
        checkKey(key);
        if (value.length != valueBufferSize()) {
            throw new IllegalArgumentException(name + ": value of " + value.length + " bytes, map wants "
                    + valueBufferSize());
        }
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException(name + ": key of " + key.length + " bytes, map wants " + keySize);
        }
    }
}
