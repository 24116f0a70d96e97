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
 */
@Stable
public record TrafficCounters(long packetsForward, long packetsReverse, long bytesForward, long bytesReverse,
                              long connectionsNew, long connectionsClosed, long connectFailures) {
    /** All zero. */
    public static final TrafficCounters ZERO = new TrafficCounters(0, 0, 0, 0, 0, 0, 0);

    /** @return connections opened and not yet closed */
    public long connectionsActive() {
        return Math.max(0, connectionsNew - connectionsClosed);
    }

    /**
     * @param o more counters
     * @return the element-wise sum
     */
    public TrafficCounters plus(TrafficCounters o) {
        return new TrafficCounters(packetsForward + o.packetsForward, packetsReverse + o.packetsReverse,
                bytesForward + o.bytesForward, bytesReverse + o.bytesReverse, connectionsNew + o.connectionsNew,
                connectionsClosed + o.connectionsClosed, connectFailures + o.connectFailures);
    }
}
