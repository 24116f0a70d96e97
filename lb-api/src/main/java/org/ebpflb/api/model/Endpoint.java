package org.ebpflb.api.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.ebpflb.api.Stable;

/**
 * An IP address and port; its text form is {@code ip:port} ({@code [ip]:port} for IPv6).
 *
 * @param address the address, never a hostname lookup
 * @param port 1..65535
 */
@Stable
public record Endpoint(InetAddress address, int port) {
    /** Validates the port. */
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code ip:port} with a literal address; an IPv6 address is written in brackets, {@code [ip]:port}.
     *
     * @param text e.g. {@code 198.18.1.2:8080} or {@code [2001:db8::2]:8080}
     * @return the endpoint
     * @throws IllegalArgumentException when the text is not a literal address and port
     */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || text.startsWith("[") && text.charAt(colon - 1) != ']') {
            throw new IllegalArgumentException("'" + text + "' is not ip:port or [ipv6]:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' needs brackets around its IPv6 address: [ip]:port");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        return new Endpoint(IpAddresses.parseLiteral(host), port);
    }

    @Override
    public String toString() {
        return IpAddresses.withPort(address, port);
    }

    /** Keeps {@link UnknownHostException} out of callers' signatures. */
    static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
