package org.ebpflb.api.model;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.util.Optional;
import org.ebpflb.api.Stable;

/**
 * A target as configured: either a literal {@code ip} or a {@code host} that a
 * {@link org.ebpflb.api.spi.TargetSource} expands.
 *
 * @param ip the literal address, when configured
 * @param host the hostname, when configured
 * @param port 1..65535
 * @param weight relative weight, positive
 * @param config the whole target object, for plugin-owned keys such as a per-target {@code health-check}
 */
@Stable
public record TargetSpec(Optional<InetAddress> ip, Optional<String> host, int port, int weight, Config config) {
    /** @return {@code ip:port} or {@code host:port}, as an operator wrote it */
    public String label() {
        return ip.map(a -> new Endpoint(a, port).toString()).orElseGet(() -> host.orElse("?") + ":" + port);
    }
}
