package org.ebpflb.api.model;

import java.net.InetAddress;
import java.util.Objects;
import org.ebpflb.api.Stable;

/**
 * An address prefix such as {@code 192.168.0.0/16} or {@code 2001:db8::/32}.
 *
 * @param network the network address (host bits are zero)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
@Stable
public record Cidr(InetAddress network, int prefixLength) {
    /** Validates the prefix length and that host bits are clear. */
    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside 0.." + bits);
        }
        byte[] raw = network.getAddress();
        for (int i = prefixLength; i < bits; i++) {
            if ((raw[i / 8] & (0x80 >>> (i % 8))) != 0) {
                throw new IllegalArgumentException(IpAddresses.format(network) + "/" + prefixLength + " has host bits set");
            }
        }
    }

    /**
     * @param text e.g. {@code 10.0.0.0/8}
     * @return the prefix
     * @throws IllegalArgumentException for a bad address or prefix length
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (missing /prefix)");
        }
        InetAddress address = IpAddresses.parseLiteral(text.substring(0, slash));
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        return new Cidr(address, length);
    }

    /**
     * @param address any address
     * @return whether the address lies inside this prefix
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }
}
