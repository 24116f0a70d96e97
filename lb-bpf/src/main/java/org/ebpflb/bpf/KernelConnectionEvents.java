package org.ebpflb.bpf;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ebpflb.api.dataplane.spi.ConnectionEvents;
import org.ebpflb.api.event.ConnectionEvent;
import org.ebpflb.api.event.ConnectionEvent.CloseReason;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.RingBuffer;
import org.ebpflb.bpf.maps.ConnEventRecord;
import org.ebpflb.bpf.maps.CtEvent;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * The {@link ConnectionEvents} port over lb_svc_events and the ring buffer lb_conn_events. Like the rate limits, what
 * a service emits is remembered by name and written when the service gets its id, so it may be set before the first
 * apply; a removed service's id is set back to none.
 */
final class KernelConnectionEvents implements ConnectionEvents, AutoCloseable {
    private final LbMaps maps;
    private final Counters counters;
    private final RingBuffer ring;
    private final Map<String, Integer> wanted = new ConcurrentHashMap<>();

    KernelConnectionEvents(LbMaps maps, Counters counters) {
        this.maps = maps;
        this.counters = counters;
        this.ring = RingBuffer.open(maps.connectionEvents);
    }

    @Override
    public void emit(String service, int every) {
        if (every < 0) {
            throw new IllegalArgumentException("every must be 0 (none), 1 (all) or N (one in N): " + every);
        }
        wanted.put(service, every);
        counters.serviceId(service).ifPresent(id -> maps.serviceEvents.put(id, every));
    }

    /** A service got its id (first apply, or recovered): writes what it emits. */
    void installed(String service, int id) {
        maps.serviceEvents.put(id, wanted.getOrDefault(service, 0));
    }

    /** A service's id is freed: it emits nothing. */
    void removed(String service, int id) {
        wanted.remove(service);
        maps.serviceEvents.put(id, 0);
    }

    @Override
    public int poll(Duration timeout, Consumer<ConnectionEvent> sink) {
        return ring.poll(timeout, image -> decode(ConnEventRecord.decode(image)).ifPresent(sink));
    }

    @Override
    public long sent() {
        return maps.ctEvents().get(CtEvent.EVENT_SENT);
    }

    @Override
    public long dropped() {
        return maps.ctEvents().get(CtEvent.EVENT_DROPPED);
    }

    @Override
    public void close() {
        ring.close();
    }

    /**
     * The kernel stamps CLOCK_MONOTONIC, which is also what System.nanoTime reads on Linux: both times of an event are
     * placed against one reading of the two clocks, so its duration is exact to the kernel's tick.
     *
     * @return the event, empty when its service was removed before it was read
     */
    private Optional<ConnectionEvent> decode(ConnEventRecord r) {
        Instant wallNow = Instant.now();
        long monotonicNow = System.nanoTime();
        return counters.serviceName(r.serviceId()).map(service -> new ConnectionEvent(
                wallNow.minusNanos(monotonicNow - r.timeNs()),
                r.type() == ConnEventRecord.OPENED ? ConnectionEvent.Kind.OPENED : ConnectionEvent.Kind.CLOSED,
                service, r.flow().proto() == 17 ? Protocol.UDP : Protocol.TCP,
                new Endpoint(r.flow().src(), r.flow().sport()), new Endpoint(r.flow().dst(), r.flow().dport()),
                new Endpoint(r.backendAddr(), r.backendPort()), wallNow.minusNanos(monotonicNow - r.openedNs()),
                reason(r),
                r.packetsForward(), r.packetsReverse(), r.bytesForward(), r.bytesReverse()));
    }

    private static Optional<CloseReason> reason(ConnEventRecord r) {
        if (r.type() == ConnEventRecord.OPENED) {
            return Optional.empty();
        }
        return Optional.of(switch (r.reason()) {
            case ConnEventRecord.FIN -> CloseReason.FIN;
            case ConnEventRecord.RST -> CloseReason.RST;
            case ConnEventRecord.IDLE -> CloseReason.IDLE;
            default -> CloseReason.REPLACED;
        });
    }
}
