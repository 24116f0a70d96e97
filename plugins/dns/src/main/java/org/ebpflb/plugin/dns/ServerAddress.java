package org.ebpflb.plugin.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;

/** A DNS server written as {@code ip}, {@code ip:port}, {@code v6} or {@code [v6]:port}. */
final class ServerAddress {
    /** The DNS port, used when a server is written without one. */
    static final int DNS_PORT = 53;

    private ServerAddress() {
    }

    /**
     * @param text the configured server
     * @return the address and port
     * @throws IllegalArgumentException with an operator's explanation when the text is not a literal ip[:port]
     */
    static InetSocketAddress parse(String text) {
        String host = text;
        int port = DNS_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !(close == text.length() - 1 || text.charAt(close + 1) == ':')) {
                throw new IllegalArgumentException(invalid(text));
            }
            host = text.substring(1, close);
            if (close < text.length() - 1) {
                port = port(text, text.substring(close + 2));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text, text.substring(text.indexOf(':') + 1));
        }
        InetAddress address;
        try {
            address = IpAddresses.parseLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(invalid(text), e);
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException("'" + text + "' is not a unicast address");
        }
        return new InetSocketAddress(address, port);
    }

    /**
     * Whether this host can send to the server at all, decided without sending anything: connecting a UDP socket
     * makes the kernel look up a route (and check the address family and scope) but transmits no packet.
     *
     * @param server a parsed server
     * @return why it is unreachable, or empty when the kernel has a route to it
     */
    static Optional<String> unreachable(InetSocketAddress server) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(server);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("DNS server " + format(server) + " is unreachable from this host (" + e.getMessage()
                    + ")");
        }
    }

    /**
     * @param server an address and port
     * @return {@code ip:port}, or {@code [ip]:port} for IPv6
     */
    static String format(InetSocketAddress server) {
        return IpAddresses.withPort(server.getAddress(), server.getPort());
    }

    private static int port(String text, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException("'" + text + "' has an invalid port '" + digits + "' (expected 1..65535)");
    }

    private static String invalid(String text) {
        return "'" + text + "' is not a literal address";
    }
}
