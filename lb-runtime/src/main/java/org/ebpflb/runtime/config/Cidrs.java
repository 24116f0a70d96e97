package org.ebpflb.runtime.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;

/** Parses CIDR text with a reason an operator can act on when it is wrong. */
final class Cidrs {
    private Cidrs() {
    }

    /**
     * @param text e.g. {@code 192.168.0.0/16}
     * @return the prefix
     * @throws IllegalArgumentException with the reason only, e.g. {@code prefix length /33 is outside 0..32}
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("missing /prefix-length");
        }
        InetAddress address = IpAddresses.parseLiteral(text.substring(0, slash));
        String lengthText = text.substring(slash + 1);
        if (!lengthText.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("prefix length '/" + lengthText + "' is not a number");
        }
        int length = Integer.parseInt(lengthText);
        int bits = address.getAddress().length * 8;
        if (length > bits) {
            throw new IllegalArgumentException("prefix length /" + length + " is outside 0.." + bits);
        }
        InetAddress network = masked(address, length);
        if (!network.equals(address)) {
            throw new IllegalArgumentException("host bits are set (the network is "
                    + IpAddresses.format(network) + "/" + length + ")");
        }
        return new Cidr(network, length);
    }

    private static InetAddress masked(InetAddress address, int length) {
        byte[] raw = address.getAddress();
        for (int i = length; i < raw.length * 8; i++) {
            raw[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        }
        try {
            // Inet6Address keeps ::ffff:0:0/96 IPv6, as it was written; InetAddress would make it IPv4
            return raw.length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always accepted", e);
        }
    }
}
