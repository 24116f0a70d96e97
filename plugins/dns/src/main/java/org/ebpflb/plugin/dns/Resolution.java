package org.ebpflb.plugin.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The outcome of resolving one name once. */
sealed interface Resolution {
    /**
     * The name resolved.
     *
     * @param addresses distinct addresses, sorted
     * @param ttl the smallest TTL of the records used (the CNAME chain included)
     * @param server the server that answered
     */
    record Answer(List<InetAddress> addresses, Duration ttl, InetSocketAddress server) implements Resolution {
        /** Copies the list. */
        public Answer {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The name did not resolve.
     *
     * @param reason short and stable, for events and metrics: {@code NXDOMAIN}, {@code SERVFAIL}, {@code REFUSED},
     *     {@code timeout}, {@code empty answer}, {@code port unreachable}, {@code I/O error}
     * @param detail what each server said, e.g. "timeout from 127.0.0.1:53 (2 attempts of 2s)"
     */
    record Failure(String reason, String detail) implements Resolution {
    }
}
