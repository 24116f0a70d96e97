package org.ebpflb.api.dataplane;

import org.ebpflb.api.Experimental;

/**
 * The data plane's connection tracking, as last counted. Confirmed connections (both sides have spoken) live in one
 * table; connections not confirmed yet (a SYN, an unanswered UDP datagram, a re-derived flow) in a second, smaller
 * one, so a flood of new connections cannot push established ones out.
 *
 * @param capacity confirmed connections the table holds ({@code lb.dataplane.max-connections})
 * @param established confirmed connections in the table, neither closing nor idle past their timeout
 * @param halfOpenCapacity connections the half-open table holds ({@code lb.dataplane.max-half-open})
 * @param halfOpen connections in the half-open table within the half-open timeout
 * @param evicted entries the full table dropped to make room (least recently used first), since the tables were
 *     created
 * @param misses packets of a TCP connection that found no entry and got their backend from the Maglev table again
 * @param insertFailures entries the kernel refused to insert
 */
@Experimental
public record ConntrackStats(long capacity, long established, long halfOpenCapacity, long halfOpen, long evicted,
                             long misses, long insertFailures) {
    /** A data plane without connection tracking. */
    public static final ConntrackStats NONE = new ConntrackStats(0, 0, 0, 0, 0, 0, 0);
}
