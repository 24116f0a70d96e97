package org.ebpflb.lab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.junit.jupiter.api.Test;

class AddressPlanTest {
    private static final Cidr BENCHMARK_SPACE = Cidr.parse("198.18.0.0/15");

    @Test
    void blockZeroFollowsTheDocumentedLayout() {
        AddressPlan p = new AddressPlan(0, 3, 1);
        assertEquals("198.18.0.0/24", p.clientSubnet(0).toString());
        assertEquals("198.18.0.1", p.lbClientSideAddress(0).getHostAddress());
        assertEquals("198.18.0.2", p.clientAddress(0).getHostAddress());
        assertEquals("198.18.1.0/24", p.backendSubnet().toString());
        assertEquals("198.18.1.1", p.lbBackendSideAddress().getHostAddress());
        assertEquals(List.of("198.18.1.11", "198.18.1.12", "198.18.1.13"),
                p.backendAddresses().stream().map(InetAddress::getHostAddress).toList());
        assertEquals("198.18.2.1", p.vip().getHostAddress());
        assertEquals("198.18.3.0/24", p.clientSubnet(1).toString());
        assertEquals("198.18.3.2", p.clientAddress(1).getHostAddress());
        assertEquals("198.18.0.0/21", p.blockPrefix().toString());
    }

    @Test
    void blocksTileTheBenchmarkSpaceWithoutOverlap() {
        List<Cidr> subnets = new ArrayList<>();
        for (int b = 0; b < AddressPlan.BLOCKS; b++) {
            AddressPlan p = new AddressPlan(b, 1, AddressPlan.MAX_EXTRA_CLIENTS);
            subnets.add(p.backendSubnet());
            subnets.add(p.serviceSubnet());
            for (int c = 0; c < p.clients(); c++) {
                subnets.add(p.clientSubnet(c));
            }
            for (Cidr s : subnets.subList(subnets.size() - 2 - p.clients(), subnets.size())) {
                assertTrue(p.blockPrefix().contains(s.network()), s + " outside its block " + p.blockPrefix());
                assertTrue(BENCHMARK_SPACE.contains(s.network()), s + " outside 198.18.0.0/15");
            }
        }
        Set<String> distinct = new HashSet<>(subnets.stream().map(Cidr::toString).toList());
        assertEquals(subnets.size(), distinct.size(), "some /24 is used twice");
        // 64 blocks x 8 /24s is the whole /15: every /24 of 198.18.0.0/15 is handed out exactly once.
        assertEquals(512, distinct.size());
    }

    @Test
    void everyHostAddressLiesInItsSubnet() {
        AddressPlan p = new AddressPlan(37, AddressPlan.MAX_BACKENDS, 2);
        for (InetAddress a : p.backendAddresses()) {
            assertTrue(p.backendSubnet().contains(a), a + " outside " + p.backendSubnet());
        }
        assertEquals(AddressPlan.MAX_BACKENDS, new HashSet<>(p.backendAddresses()).size());
        for (int c = 0; c < p.clients(); c++) {
            assertTrue(p.clientSubnet(c).contains(p.clientAddress(c)));
            assertTrue(p.clientSubnet(c).contains(p.lbClientSideAddress(c)));
        }
        assertTrue(p.serviceSubnet().contains(p.vip()));
        assertTrue(p.blockPrefix().contains(p.vip()));
        assertTrue(p.vip().getHostAddress().startsWith("198.19."), "block 37 lies in 198.19.0.0/16");
    }

    @Test
    void rejectsValuesOutsideThePlan() {
        assertThrows(IllegalArgumentException.class, () -> new AddressPlan(AddressPlan.BLOCKS, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new AddressPlan(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AddressPlan(0, 3, AddressPlan.MAX_EXTRA_CLIENTS + 1));
        AddressPlan p = new AddressPlan(0, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> p.backendAddress(4));
        assertThrows(IllegalArgumentException.class, () -> p.clientAddress(1));
    }

    @Test
    void ipv6TwinsUseTheBlockNumberAsTheThirdGroupAndTheSameHostNumbers() {
        AddressPlan p = new AddressPlan(16, 3, 1);
        assertEquals("2001:db8:10::/48", p.blockPrefix6().toString());
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:0::2"), p.clientAddress6(0));
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:0::1"), p.lbClientSideAddress6(0));
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:3::2"), p.clientAddress6(1));
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:1::1"), p.lbBackendSideAddress6());
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:1::d"), p.backendAddress6(3));
        assertEquals(IpAddresses.parseLiteral("2001:db8:10:2::1"), p.vip6());
        Cidr documentation = Cidr.parse("2001:db8::/32");
        for (int b = 0; b < AddressPlan.BLOCKS; b++) {
            AddressPlan other = new AddressPlan(b, 1, 0);
            assertTrue(documentation.contains(other.vip6()), other.vip6() + " outside 2001:db8::/32");
            assertTrue(other.blockPrefix6().contains(other.backendAddress6(1)));
        }
    }
}
