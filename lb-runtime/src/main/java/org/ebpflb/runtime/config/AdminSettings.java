package org.ebpflb.runtime.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code lb.admin}.
 *
 * @param listen where the admin API listens; loopback unless a token is configured
 * @param tokenFile a file holding the bearer token for mutating calls
 */
public record AdminSettings(InetSocketAddress listen, Optional<Path> tokenFile) {
}
