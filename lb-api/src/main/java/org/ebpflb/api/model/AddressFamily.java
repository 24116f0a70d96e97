package org.ebpflb.api.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.ebpflb.api.Stable;

/** IPv4 or IPv6: a service, its targets and its source routes share one. */
@Stable
public enum AddressFamily {
    /** 32-bit addresses. */
    IPV4("IPv4"),
    /** 128-bit addresses. */
    IPV6("IPv6");

    private final String label;

    AddressFamily(String label) {
        this.label = label;
    }

    /**
     * @param address any address
     * @return its family
     */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    /** @return {@code IPv4} or {@code IPv6}, as messages name it */
    @Override
    public String toString() {
        return label;
    }
}
