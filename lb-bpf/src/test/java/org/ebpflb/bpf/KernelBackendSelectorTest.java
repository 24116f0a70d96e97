package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.junit.jupiter.api.Test;

/** {@link KernelBackendSelector} over hand-made tables; agreement with the XDP program: KernelBackendSelectorBpfTest. */
class KernelBackendSelectorTest {
    private static final List<Endpoint> BACKENDS = List.of(Endpoint.parse("198.18.1.1:80"),
            Endpoint.parse("198.18.1.2:80"));

    @Test
    void fiveTupleSpreadsClientPortsInProportionToSlots() throws Exception {
        // slots 3:1, interleaved as a Maglev table would be
        KernelBackendSelector selector = selector(HashMode.FIVE_TUPLE, i -> i % 4 == 3 ? 1 : 0);
        InetAddress client = InetAddress.getByName("192.0.2.10");
        Map<Endpoint, Integer> picks = new HashMap<>();

        for (int port = 1024; port < 1024 + 4000; port++) {
            picks.merge(selector.select("web", "default", client, port).orElseThrow(), 1, Integer::sum);
        }

        assertEquals(3000, picks.get(BACKENDS.get(0)), 150);
        assertEquals(1000, picks.get(BACKENDS.get(1)), 150);
    }

    @Test
    void sourceIpKeepsOneClientOnOneBackendWhateverItsPort() throws Exception {
        KernelBackendSelector selector = selector(HashMode.SOURCE_IP, i -> i % 2);
        Set<Endpoint> seen = new HashSet<>();
        Set<Endpoint> acrossClients = new HashSet<>();

        for (int port = 1024; port < 1124; port++) {
            seen.add(selector.select("web", "default", InetAddress.getByName("192.0.2.10"), port).orElseThrow());
        }
        for (int host = 1; host < 60; host++) {
            acrossClients.add(selector.select("web", "default", InetAddress.getByName("192.0.2." + host), 5000)
                    .orElseThrow());
        }

        assertEquals(1, seen.size());
        assertEquals(2, acrossClients.size());
    }

    @Test
    void emptySlotsUnknownServicesGroupsAndIpv6ClientsSelectNothing() throws Exception {
        KernelBackendSelector selector = selector(HashMode.FIVE_TUPLE, i -> -1);
        InetAddress client = InetAddress.getByName("192.0.2.10");

        assertEquals(Optional.empty(), selector.select("web", "default", client, 1234), "no backend has weight");
        assertEquals(Optional.empty(), selector.select("api", "default", client, 1234));
        assertEquals(Optional.empty(), selector.select("web", "source:10.0.0.0/8", client, 1234));
        assertEquals(Optional.empty(), selector(HashMode.SOURCE_IP, i -> 0).select("web", "default",
                IpAddresses.parseLiteral("2001:db8::7"), 1234), "an IPv6 client of an IPv4 service: no service");
    }

    private static KernelBackendSelector selector(HashMode hash, java.util.function.IntUnaryOperator slot) {
        int[] slots = new int[4099];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = slot.applyAsInt(i);
        }
        ServiceTables tables = new ServiceTables("web", new ListenSpec(List.of("eth0"),
                Optional.of(IpAddresses.parseLiteral("198.18.0.1")), 80, Protocol.TCP), hash,
                List.of(new GroupTable("default", Optional.empty(), BACKENDS, slots)));
        return new KernelBackendSelector(() -> Map.of("web", tables));
    }
}
