package org.ebpflb.bpf.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ebpflb.bpf.libbpf.BpfMap;

/**
 * A map with Java keys and values, encoded by the struct encoders of this package.
 *
 * @param <K> key type
 * @param <V> value type
 * @param raw the map
 * @param keyEncoder key to bytes
 * @param keyDecoder bytes to key
 * @param valueEncoder value to bytes
 * @param valueDecoder bytes to value
 */
public record TypedMap<K, V>(BpfMap raw, Function<K, byte[]> keyEncoder, Function<byte[], K> keyDecoder,
                             Function<V, byte[]> valueEncoder, Function<byte[], V> valueDecoder) {
    /** @param key key @param value value */
    public void put(K key, V value) {
        raw.update(keyEncoder.apply(key), valueEncoder.apply(value));
    }

    /** @param key key @return the value, if present */
    public Optional<V> get(K key) {
        return raw.lookup(keyEncoder.apply(key)).map(valueDecoder);
    }

    /** @param key key @return whether it was present */
    public boolean delete(K key) {
        return raw.delete(keyEncoder.apply(key));
    }

    /** @return every key (hash-like maps) */
    public List<K> keys() {
        List<K> keys = new ArrayList<>();
        for (byte[] k : raw.keys()) {
            keys.add(keyDecoder.apply(k));
        }
        return keys;
    }

    /** @param i an array index @return its 4-byte key */
    public static byte[] index(int i) {
        return new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16), (byte) (i >>> 24)};
    }

    /** @param image a 4-byte key @return the index */
    public static int index(byte[] image) {
        return (image[0] & 0xff) | (image[1] & 0xff) << 8 | (image[2] & 0xff) << 16 | (image[3] & 0xff) << 24;
    }
}
