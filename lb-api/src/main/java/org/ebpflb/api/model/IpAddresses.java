package org.ebpflb.api.model;

import java.net.InetAddress;
import org.ebpflb.api.Stable;

/** Parses literal IP addresses without ever asking a resolver. */
@Stable
public final class IpAddresses {
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
            return InetAddress.getByName(text); // an IPv6 literal: parsed, never resolved
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }
}
