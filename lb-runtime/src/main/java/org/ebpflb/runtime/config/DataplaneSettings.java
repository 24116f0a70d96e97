package org.ebpflb.runtime.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code lb.dataplane}.
 *
 * @param xdpMode auto, native or generic
 * @param capacity what the kernel maps hold (the max-* keys and rate-limit-buckets)
 * @param tcpIdleTimeout idle timeout of TCP conntrack entries
 * @param udpIdleTimeout idle timeout of UDP conntrack entries
 * @param halfOpenTimeout idle timeout of connections not confirmed yet
 * @param tableSize default Maglev table size (prime)
 * @param panicThreshold percent 0..100 of a group's weight that must be available before the panic rule applies;
 *     0 means panic only when no target is available
 * @param pinRoot the bpffs under which {@code ebpf-lb/<instance>} holds pinned maps
 * @param kind {@code kernel} (XDP and TC programs forward traffic) or {@code recording} (an in-memory stand-in that
 *     forwards nothing: for trying a configuration and for tests)
 */
public record DataplaneSettings(String xdpMode, DataplaneCapacity capacity, Duration tcpIdleTimeout,
                                Duration udpIdleTimeout, Duration halfOpenTimeout, int tableSize,
                                double panicThreshold, Path pinRoot, String kind) {
}
