package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.dataplane.spi.ConnectionTable.Connection;
import org.ebpflb.api.dataplane.spi.ConnectionTable.Query;
import org.ebpflb.api.dataplane.spi.ConnectionTable.Sort;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.ConfigValue;
import org.ebpflb.bpf.maps.CtKey;
import org.ebpflb.bpf.maps.CtValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelConnectionTable} on real maps: flows seeded into lb_conntrack (with counts and ages) are listed,
 * filtered, ordered and paged as the whole table would be, computed here from what was seeded. Even client ports are
 * one-entry flows (reply counts on the forward entry), odd ones have a reverse entry that counts part of the replies.
 */
@PrivilegedTier("bpf")
class KernelConnectionTableBpfTest {
    private static final long SEC = 1_000_000_000L;
    private static final ConfigValue TIMEOUTS = new ConfigValue(Duration.ofSeconds(300), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final Endpoint T1 = Endpoint.parse("198.18.1.1:8080");
    private static final Endpoint T2 = Endpoint.parse("198.18.1.2:8080");
    private static final Inet4Address VIP = ip("198.18.100.1");

    /** What one seeded live flow must be listed as. */
    private record Seeded(int port, Endpoint target, long ageSeconds, long bytesIn, long bytesOut) {
        long bytes() {
            return bytesIn + bytesOut;
        }
    }

    @Test
    void listsFiltersOrdersAndPagesTheLiveFlowsOfAService() {
        try (LbPrograms programs = LbPrograms.load(LbPrograms.Sizes.DEFAULT.withConnections(1024)
                .withHalfOpen(1024).withTableSlots(1024), Optional.empty())) {
            LbMaps maps = programs.maps();
            InstalledService web = new InstalledService(1, "web");
            web.backends.put(T1, 10);
            web.backends.put(T2, 11);
            InstalledService other = new InstalledService(2, "other");
            Counters counters = new Counters(maps, new CensusCache(maps, TIMEOUTS), LbPrograms.Sizes.DEFAULT);
            counters.publish(List.of(web, other));
            long now = System.nanoTime();
            List<Seeded> live = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Seeded s = new Seeded(40000 + i, i % 3 == 0 ? T2 : T1, (i * 7) % 40 + 1, i * 13 % 50, (i * 31) % 97);
                live.add(s);
                seed(maps, 1, s, CtValue.ESTABLISHED, now - s.ageSeconds() * SEC, now);
            }
            // not listed: idle past the TCP timeout, closing past its shorter timeout, another service's flow
            seed(maps, 1, new Seeded(41000, T1, 900, 1, 1), CtValue.ESTABLISHED, now - 900 * SEC, now - 301 * SEC);
            seed(maps, 1, new Seeded(41001, T1, 60, 1, 1), CtValue.CLOSING, now - 60 * SEC, now - 11 * SEC);
            seed(maps, 2, new Seeded(41002, T1, 5, 1, 1), CtValue.ESTABLISHED, now - 5 * SEC, now);
            ConnectionTable table = new KernelConnectionTable(maps, counters, TIMEOUTS);

            List<Integer> oldestFirst = live.stream().sorted(Comparator.comparingLong(Seeded::ageSeconds).reversed())
                    .map(Seeded::port).toList();
            List<Integer> largestFirst = live.stream().sorted(Comparator.comparingLong(Seeded::bytes).reversed())
                    .map(Seeded::port).toList();
            ConnectionTable.Page all = table.list(new Query("web", Optional.empty(), Sort.AGE, 0, 1000)).orElseThrow();
            assertEquals(live.size(), all.total());
            assertEquals(oldestFirst, ports(all), "oldest first");
            for (Connection c : all.connections()) {
                Seeded s = live.get(c.client().port() - 40000);
                assertEquals(s.target(), c.target());
                assertEquals(new Endpoint(VIP, 80), c.serviceAddress());
                assertEquals(s.bytesIn(), c.bytesFromClient());
                assertEquals(s.bytesOut(), c.bytesToClient());
                assertEquals(s.ageSeconds(), c.age().toSeconds(), 1);
                assertEquals("established", c.state());
            }
            ConnectionTable.Page page = table.list(new Query("web", Optional.empty(), Sort.BYTES, 10, 5)).orElseThrow();
            assertEquals(live.size(), page.total(), "the total counts every match, not the page");
            assertEquals(sameBytes(largestFirst.subList(10, 15), live), sameBytes(ports(page), live),
                    "largest first, the third page of five");
            ConnectionTable.Page t2 = table.list(new Query("web", Optional.of(T2), Sort.AGE, 0, 1000)).orElseThrow();
            assertEquals(live.stream().filter(s -> s.target().equals(T2)).count(), t2.total());
            assertEquals(0, table.list(new Query("web", Optional.of(Endpoint.parse("198.18.9.9:1")), Sort.AGE, 0,
                    10)).orElseThrow().total(), "a target the service does not have matches nothing");
            assertEquals(Optional.empty(), table.list(new Query("nope", Optional.empty(), Sort.AGE, 0, 10)));
        }
    }

    private static List<Integer> ports(ConnectionTable.Page page) {
        return page.connections().stream().map(c -> c.client().port()).toList();
    }

    /** Flows with equal byte counts may come in either order: compare the counts in order. */
    private static List<Long> sameBytes(List<Integer> ports, List<Seeded> live) {
        return ports.stream().map(p -> live.get(p - 40000).bytes()).toList();
    }

    private static void seed(LbMaps maps, int serviceId, Seeded s, int state, long opened, long lastSeen) {
        Inet4Address client = ip("198.18.0.10");
        int backendId = s.target().equals(T1) ? 10 : 11;
        boolean reverseEntry = s.port() % 2 == 1;
        long onForward = reverseEntry ? s.bytesOut() / 3 : s.bytesOut();  // counted before the reverse entry came
        maps.conntrack.put(new CtKey(client, VIP, s.port(), 80, 6), new CtValue(s.target().address(),
                s.target().port(), state, CtValue.FORWARD, serviceId, backendId, lastSeen, 3, s.bytesIn(), opened, 1,
                onForward, reverseEntry));
        if (reverseEntry) {
            maps.conntrack.put(new CtKey(s.target().address(), client, s.target().port(), s.port(), 6), new CtValue(
                    VIP, 80, state, CtValue.REVERSE, serviceId, backendId, lastSeen, 2, s.bytesOut() - onForward,
                    opened, 0, 0, false));
        }
    }

    private static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
