package org.ebpflb.bpf.libbpf;

import java.time.Duration;
import java.util.function.Consumer;
import jnr.ffi.Pointer;

/**
 * A reader of one BPF ring buffer map (libbpf's ring_buffer): {@link #poll} hands each record to the consumer on the
 * calling thread. One thread polls; records are copied out of the ring before the consumer sees them.
 */
public final class RingBuffer implements AutoCloseable {
    private static final int EINTR = 4;
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
     * Waits up to {@code timeout} for a wake-up from the producer, then takes every record there is: the data plane
     * wakes the reader only when its ring fills up, so a quiet ring is read once per timeout.
     *
     * @param timeout how long to wait for a wake-up
     * @param each called per record, on this thread
     * @return records consumed
     */
    public int poll(Duration timeout, Consumer<byte[]> each) {
        consumer = each;
        int woken = Libbpf.lib().ring_buffer__poll(rb, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        // EINTR: a signal woke the wait; the consume below carries on
        int polled = woken == -EINTR ? 0 : Libbpf.check(woken, "ring_buffer__poll");
        return polled + Libbpf.check(Libbpf.lib().ring_buffer__consume(rb), "ring_buffer__consume");
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
