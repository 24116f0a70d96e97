package org.ebpflb.api.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.ebpflb.api.Stable;

/**
 * Parses literal IP addresses without ever asking a resolver, and prints them in one canonical text: RFC 5952 for
 * IPv6, which {@link InetAddress#getHostAddress()} does not follow (it prints {@code 2001:db8:0:0:0:0:0:10}).
 */
@Stable
public final class IpAddresses {
    /** The first 12 bytes of an IPv4-mapped IPv6 address. */
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private IpAddresses() {
    }

    /**
     * @param text a dotted IPv4 or an IPv6 literal
     * @return the address
     * @throws IllegalArgumentException when the text is not a literal address
     */
    public static InetAddress parseLiteral(String text) {
        if (text.isEmpty() || !(text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        if (!text.contains(":")) {
            byte[] raw = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IP address (octet " + v + ")");
                }
                raw[i] = (byte) v;
            }
            return Endpoint.byAddress(raw);
        }
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            InetAddress address = InetAddress.getByName(text); // an IPv6 literal: parsed, never resolved
            // the JDK turns ::ffff:a.b.c.d into an Inet4Address; keep the family the text was written in
            return address instanceof Inet4Address ? Inet6Address.getByAddress(null, mapped(address), -1) : address;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    /**
     * @param address any address
     * @return whether it is an IPv6 address of the form {@code ::ffff:a.b.c.d} (RFC 4291 2.5.5.2)
     */
    public static boolean isIpv4Mapped(InetAddress address) {
        byte[] raw = address.getAddress();
        return raw.length == 16 && Arrays.equals(raw, 0, 12, MAPPED_PREFIX, 0, 12);
    }

    /**
     * The canonical text of an address: dotted quad for IPv4; RFC 5952 for IPv6 (lowercase hex without leading
     * zeros, the longest run of two or more zero groups as {@code ::}, the first of equally long runs,
     * {@code ::ffff:a.b.c.d} for an IPv4-mapped address). Never a hostname, never a scope.
     *
     * @param address any address
     * @return e.g. {@code 198.18.0.1} or {@code 2001:db8::10}
     */
    public static String format(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) {
            return (raw[0] & 0xff) + "." + (raw[1] & 0xff) + "." + (raw[2] & 0xff) + "." + (raw[3] & 0xff);
        }
        if (isIpv4Mapped(address)) {
            return "::ffff:" + format(Endpoint.byAddress(Arrays.copyOfRange(raw, 12, 16)));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (raw[2 * i] & 0xff) << 8 | raw[2 * i + 1] & 0xff;
        }
        int runStart = -1;
        int runLength = 1; // a single zero group is never compressed
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > runLength) {
                runStart = i;
                runLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
            } else {
                text.append(i > 0 && i != runStart + runLength ? ":" : "").append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /**
     * @param address any address
     * @param port a port
     * @return {@code a.b.c.d:port} or {@code [v6]:port}, the address in {@link #format canonical} text
     */
    public static String withPort(InetAddress address, int port) {
        String ip = format(address);
        return (address instanceof Inet4Address ? ip : "[" + ip + "]") + ":" + port;
    }

    private static byte[] mapped(InetAddress ipv4) {
        byte[] raw = Arrays.copyOf(MAPPED_PREFIX, 16);
        System.arraycopy(ipv4.getAddress(), 0, raw, 12, 4);
        return raw;
    }
}
