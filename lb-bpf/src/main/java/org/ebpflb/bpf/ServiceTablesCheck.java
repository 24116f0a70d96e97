package org.ebpflb.bpf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.bpf.maps.ServiceMeta;

/** What the kernel data plane can hold: checked before anything is written, so refused tables change nothing. */
final class ServiceTablesCheck {
    private ServiceTablesCheck() {
    }

    /** @throws IllegalArgumentException with the reason when the maps cannot hold {@code t} */
    static void validate(ServiceTables t) {
        if (t.service().isEmpty() || t.service().getBytes(StandardCharsets.UTF_8).length >= ServiceMeta.NAME_LEN) {
            throw new IllegalArgumentException("service name '" + t.service() + "' must be 1-"
                    + (ServiceMeta.NAME_LEN - 1) + " bytes");
        }
        t.listen().address().ifPresent(a -> notAnycast(t.service(), a));
        if (t.listen().interfaces().isEmpty() || t.listen().interfaces().size() > ServiceMeta.MAX_INTERFACES) {
            throw new IllegalArgumentException("service " + t.service() + " must listen on 1.."
                    + ServiceMeta.MAX_INTERFACES + " interfaces");
        }
        for (String iface : t.listen().interfaces()) {
            if (HostNetwork.ifindex(iface) == 0) {
                throw new IllegalArgumentException("service " + t.service() + ": interface " + iface
                        + " does not exist in this network namespace");
            }
        }
        if (t.groups().stream().filter(g -> g.source().isEmpty()).count() != 1) {
            throw new IllegalArgumentException("service " + t.service() + " needs exactly one default group");
        }
        AddressFamily family = family(t);
        for (GroupTable g : t.groups()) {
            validate(t.service(), g, family);
        }
    }

    /** @return whether {@code t} is an IPv6 service (its listen address, else its targets, are IPv6) */
    static boolean ipv6(ServiceTables t) {
        return family(t) == AddressFamily.IPV6;
    }

    /** The service's address family: its listen address's, else its first target's (null: neither). */
    private static AddressFamily family(ServiceTables t) {
        return t.listen().address().or(() -> t.groups().stream()
                .flatMap(g -> g.backends().stream()).map(Endpoint::address).findFirst())
                .map(AddressFamily::of).orElse(null);
    }

    /**
     * An IPv6 address whose last 96 bits are zero (a subnet-router anycast address, RFC 4291 2.6.1) would read back
     * from a conntrack entry, which carries no family, as an IPv4 address.
     */
    private static void notAnycast(String service, InetAddress a) {
        if (a instanceof Inet6Address && Arrays.equals(a.getAddress(), 4, 16, new byte[12], 0, 12)) {
            throw new IllegalArgumentException("service " + service + ": " + IpAddresses.format(a)
                    + " is a subnet-router anycast address (its last 96 bits are zero), not a host");
        }
    }

    /** A service's packets are looked up, hashed and NATed in one family: every address it holds must be of it. */
    private static void validate(String service, GroupTable g, AddressFamily family) {
        if (g.slots().length == 0) {
            throw new IllegalArgumentException("service " + service + " group " + g.group() + " has no table");
        }
        for (Endpoint e : g.backends()) {
            notAnycast(service, e.address());
            if (AddressFamily.of(e.address()) != family) {
                throw new IllegalArgumentException("service " + service + ": " + AddressFamily.of(e.address())
                        + " target " + e + " in an " + family + " service");
            }
        }
        g.source().ifPresent(c -> {
            if (family != null && AddressFamily.of(c.network()) != family) {
                throw new IllegalArgumentException("service " + service + ": " + AddressFamily.of(c.network())
                        + " source route " + c + " in an " + family + " service");
            }
        });
        for (int slot : g.slots()) {
            if (slot >= g.backends().size()) {
                throw new IllegalArgumentException("service " + service + " group " + g.group()
                        + ": slot points past its " + g.backends().size() + " backends");
            }
        }
    }
}
