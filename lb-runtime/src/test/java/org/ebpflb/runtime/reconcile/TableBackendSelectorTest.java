package org.ebpflb.runtime.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.GroupTable;
import org.ebpflb.api.dataplane.ServiceTables;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.runtime.maglev.MaglevTable;
import org.ebpflb.runtime.testing.Specs;
import org.junit.jupiter.api.Test;

class TableBackendSelectorTest {
    private static final List<Endpoint> BACKENDS = List.of(Endpoint.parse("198.18.1.1:80"),
            Endpoint.parse("198.18.1.2:80"));

    @Test
    void fiveTupleSpreadsClientPortsInProportionToSlots() throws Exception {
        TableBackendSelector selector = selector(HashMode.FIVE_TUPLE, new double[] {3, 1});
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
        TableBackendSelector selector = selector(HashMode.SOURCE_IP, new double[] {1, 1});
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
    void emptyTableUnknownServiceAndUnknownGroupSelectNothing() throws Exception {
        TableBackendSelector selector = selector(HashMode.FIVE_TUPLE, new double[] {0, 0});
        InetAddress client = InetAddress.getByName("192.0.2.10");

        assertEquals(Optional.empty(), selector.select("web", "default", client, 1234));
        assertEquals(Optional.empty(), selector.select("api", "default", client, 1234));
        assertEquals(Optional.empty(), selector.select("web", "source:10.0.0.0/8", client, 1234));
        assertTrue(selector.select("web", "default", client, 1234).isEmpty());
    }

    private static TableBackendSelector selector(HashMode hash, double[] weights) {
        var spec = Specs.service("web", 80, Specs.ip("198.18.1.1", 80, 1));
        GroupTable table = new GroupTable("default", Optional.empty(), BACKENDS,
                MaglevTable.build(BACKENDS, weights, 4099));
        ServiceTables tables = new ServiceTables("web", spec.listen(), hash, List.of(table));
        return new TableBackendSelector(() -> Map.of("web", tables));
    }
}
