package org.ebpflb.bpf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * {@link ConnectionTable} over lb_conntrack: one batched walk of the confirmed table keeps the best {@code offset +
 * limit} matching forward entries in a heap, so memory stays bounded whatever the table holds. The reply direction's
 * counters are on the forward entry, plus, for a flow that has one, a point lookup of its reverse entry: for the page
 * only when sorting by age, for every match when sorting by bytes. Entries idle past their timeout are dead flows the
 * kernel has not reused yet and are left out, as the census does. Half-open flows are not listed. Safe from any
 * thread.
 */
final class KernelConnectionTable implements ConnectionTable {
    private static final int CHUNK = 4096;
    private static final int UDP = 17;

    private final LbMaps maps;
    private final Counters counters;
    private final ConfigValue timeouts;

    KernelConnectionTable(LbMaps maps, Counters counters, ConfigValue timeouts) {
        this.maps = maps;
        this.counters = counters;
        this.timeouts = timeouts;
    }

    /** A matching flow: its forward entry and, once looked up, its reverse one (null when gone). */
    private record Match(CtKey key, CtValue fwd, CtValue rev) {
        long bytes() {
            return fwd.bytes() + fwd.bytesRev() + (rev == null ? 0 : rev.bytes());
        }
    }

    @Override
    public Optional<Page> list(Query q) {
        Optional<Integer> service = counters.serviceId(q.service());
        if (service.isEmpty()) {
            return Optional.empty();
        }
        // a target the service does not have matches nothing
        Optional<Integer> backend = q.target().map(t -> counters.flowIds(q.service(), t).map(ids -> ids[1])
                .orElse(-1));
        boolean byBytes = q.sort() == Sort.BYTES;
        Comparator<Match> order = byBytes ? Comparator.comparingLong(Match::bytes).reversed()
                : Comparator.comparingLong((Match m) -> m.fwd().openedNs());
        int keep = q.offset() + q.limit();
        PriorityQueue<Match> best = new PriorityQueue<>(order.reversed()); // the worst kept match on top
        long now = System.nanoTime();
        long[] total = {0};
        int protoAt = CtKey.LAYOUT.offset("proto");
        maps.conntrack.raw().forEachBatch(CHUNK, (k, v) -> {
            CtValue fwd = CtValue.decode(v);
            if (fwd.dir() != CtValue.FORWARD || fwd.serviceId() != service.get()
                    || backend.isPresent() && fwd.backendId() != backend.get()
                    || now - fwd.lastSeenNs() > timeouts.idleLimit(k[protoAt] & 0xff, fwd.state()).toNanos()) {
                return;
            }
            total[0]++;
            CtKey key = CtKey.decode(k);
            Match m = new Match(key, fwd, byBytes ? reverse(key, fwd) : null);
            best.add(m);
            if (best.size() > keep) {
                best.poll();
            }
        });
        List<Match> ordered = new ArrayList<>(best);
        ordered.sort(order);
        List<Connection> page = new ArrayList<>();
        for (Match m : ordered.subList(Math.min(q.offset(), ordered.size()), ordered.size())) {
            page.add(connection(q.service(), m.key(), m.fwd(), byBytes ? m.rev() : reverse(m.key(), m.fwd()), now));
        }
        return Optional.of(new Page(total[0], page));
    }

    private CtValue reverse(CtKey fwd, CtValue v) {
        if (!v.reverseEntry()) {
            return null;
        }
        return maps.conntrack.get(new CtKey(v.natAddr(), fwd.src(), v.natPort(), fwd.sport(), fwd.proto()))
                .filter(r -> r.dir() == CtValue.REVERSE).orElse(null);
    }

    private static Connection connection(String service, CtKey k, CtValue fwd, CtValue rev, long now) {
        long lastSeen = Math.max(fwd.lastSeenNs(), rev == null ? 0 : rev.lastSeenNs());
        return new Connection(service, k.proto() == UDP ? Protocol.UDP : Protocol.TCP, new Endpoint(k.src(), k.sport()),
                new Endpoint(k.dst(), k.dport()), new Endpoint(fwd.natAddr(), fwd.natPort()), state(fwd.state()),
                Duration.ofNanos(Math.max(0, now - fwd.openedNs())), Duration.ofNanos(Math.max(0, now - lastSeen)),
                fwd.packets(), fwd.packetsRev() + (rev == null ? 0 : rev.packets()), fwd.bytes(),
                fwd.bytesRev() + (rev == null ? 0 : rev.bytes()));
    }

    private static String state(int state) {
        return switch (state) {
            case CtValue.CLOSING -> "closing";
            case CtValue.OPEN -> "open";
            default -> "established";
        };
    }
}
