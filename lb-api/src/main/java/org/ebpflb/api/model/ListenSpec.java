package org.ebpflb.api.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.Stable;

/**
 * Where a service accepts traffic.
 *
 * @param interfaces the interfaces the ingress program is attached to
 * @param address the service address, or empty for any address on those interfaces
 * @param port 1..65535
 * @param protocol TCP or UDP
 */
@Stable
public record ListenSpec(List<String> interfaces, Optional<InetAddress> address, int port, Protocol protocol) {
    /** Copies the interface list. */
    public ListenSpec {
        interfaces = List.copyOf(interfaces);
    }
}
