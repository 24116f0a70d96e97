package org.ebpflb.runtime.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code lb.dataplane}.
 *
 * @param xdpMode auto, native or generic
 * @param maxConnections conntrack capacity
 * @param tcpIdleTimeout idle timeout of TCP conntrack entries
 * @param udpIdleTimeout idle timeout of UDP conntrack entries
 * @param tableSize default Maglev table size (prime)
 * @param panicThreshold percent 0..100 of a group's weight that must be available before the panic rule applies;
 *     0 means panic only when no target is available
 * @param pinRoot the bpffs under which {@code ebpf-lb/<instance>} holds pinned maps
 * @param kind {@code kernel} (XDP and TC programs forward traffic) or {@code recording} (an in-memory stand-in that
 *     forwards nothing: for trying a configuration and for tests)
 * @param rateLimitBuckets capacity of the per-source rate-limit buckets of all services (an LRU map)
 */
public record DataplaneSettings(String xdpMode, long maxConnections, Duration tcpIdleTimeout, Duration udpIdleTimeout,
                                int tableSize, double panicThreshold, Path pinRoot, String kind,
                                int rateLimitBuckets) {
}
