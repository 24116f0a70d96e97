package org.ebpflb.bpf.libbpf;

import java.time.Duration;
import java.util.function.Consumer;
import jnr.ffi.Pointer;

/**
 * A reader of one BPF ring buffer map (libbpf's ring_buffer): {@link #poll} hands each record to the consumer on the
 * calling thread. One thread polls; records are copied out of the ring before the consumer sees them.
 */
public final class RingBuffer implements AutoCloseable {
    private final Pointer rb;
    /** Held so the native callback stays reachable as long as the ring buffer. */
    private final LibbpfBinding.SampleCallback callback;
    private Consumer<byte[]> consumer = record -> { };

    private RingBuffer(BpfMap map) {
        this.callback = this::sample;
        this.rb = Libbpf.lib().ring_buffer__new(map.fd(), callback, null, null);
        if (rb == null) {
            throw Libbpf.error("ring_buffer__new(" + map.name() + ")", Libbpf.lastErrno());
        }
    }

    /** @param map a BPF_MAP_TYPE_RINGBUF map @return its reader */
    public static RingBuffer open(BpfMap map) {
        return new RingBuffer(map);
    }

    /**
     * @param timeout how long to wait when the ring is empty
     * @param each called per record, on this thread
     * @return records consumed
     */
    public int poll(Duration timeout, Consumer<byte[]> each) {
        consumer = each;
        int n = Libbpf.lib().ring_buffer__poll(rb, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        // EINTR: a signal woke the wait; the next poll carries on
        return n == -4 ? 0 : Libbpf.check(n, "ring_buffer__poll");
    }

    @Override
    public void close() {
        Libbpf.lib().ring_buffer__free(rb);
        consumer = record -> { };
    }

    private int sample(Pointer ctx, Pointer data, long size) {
        byte[] record = new byte[(int) size];
        data.get(0, record, 0, record.length);
        consumer.accept(record);
        return 0;
    }
}
