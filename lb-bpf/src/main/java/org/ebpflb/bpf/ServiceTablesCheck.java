package org.ebpflb.bpf;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Endpoint;
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
        if (t.listen().address().isPresent() && !(t.listen().address().get() instanceof Inet4Address)) {
            throw new IllegalArgumentException("service " + t.service() + ": IPv6 listen addresses are not supported "
                    + "by the kernel data plane yet");
        }
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
        for (GroupTable g : t.groups()) {
            validate(t.service(), g);
        }
    }

    private static void validate(String service, GroupTable g) {
        if (g.slots().length == 0) {
            throw new IllegalArgumentException("service " + service + " group " + g.group() + " has no table");
        }
        for (Endpoint e : g.backends()) {
            if (!(e.address() instanceof Inet4Address)) {
                throw new IllegalArgumentException("service " + service + ": IPv6 target " + e
                        + " is not supported by the kernel data plane yet");
            }
        }
        g.source().ifPresent(c -> {
            if (!(c.network() instanceof Inet4Address)) {
                throw new IllegalArgumentException("service " + service + ": IPv6 source route " + c
                        + " is not supported by the kernel data plane yet");
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
