package org.ebpflb.api.dataplane;

import org.ebpflb.api.Stable;

/**
 * Per-service or per-backend counters.
 *
 * @param packetsForward client to backend packets
 * @param packetsReverse backend to client packets
 * @param bytesForward client to backend bytes
 * @param bytesReverse backend to client bytes
 * @param connectionsNew connections (flows) opened
 * @param connectionsClosed connections closed by FIN or RST
 * @param connectFailures backend answered the handshake with RST
 * @param connectionsActive confirmed connections in the data plane's conntrack table now: neither closing nor idle
 *     past their timeout (a gauge, counted from the table, not opened minus closed)
 */
@Stable
public record TrafficCounters(long packetsForward, long packetsReverse, long bytesForward, long bytesReverse,
                              long connectionsNew, long connectionsClosed, long connectFailures,
                              long connectionsActive) {
    /** All zero. */
    public static final TrafficCounters ZERO = new TrafficCounters(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @param active the active connections counted from the table
     * @return a copy with that gauge
     */
    public TrafficCounters withActive(long active) {
        return new TrafficCounters(packetsForward, packetsReverse, bytesForward, bytesReverse, connectionsNew,
                connectionsClosed, connectFailures, active);
    }

    /**
     * @param o more counters
     * @return the element-wise sum
     */
    public TrafficCounters plus(TrafficCounters o) {
        return new TrafficCounters(packetsForward + o.packetsForward, packetsReverse + o.packetsReverse,
                bytesForward + o.bytesForward, bytesReverse + o.bytesReverse, connectionsNew + o.connectionsNew,
                connectionsClosed + o.connectionsClosed, connectFailures + o.connectFailures,
                connectionsActive + o.connectionsActive);
    }
}
