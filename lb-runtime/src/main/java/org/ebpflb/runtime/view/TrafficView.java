package org.ebpflb.runtime.view;

import org.ebpflb.api.dataplane.TrafficCounters;

/**
 * What the data plane counted for a service or one of its targets, summed over CPUs, for {@code lb status}.
 *
 * @param connectionsNew connections (flows) opened
 * @param connectionsActive confirmed connections in the conntrack table now, neither closing nor idle past their
 *     timeout
 * @param connectionsClosed connections closed by FIN or RST
 * @param connectFailures handshakes the backend answered with RST
 * @param packetsForward client to backend packets
 * @param packetsReverse backend to client packets
 * @param bytesForward client to backend bytes
 * @param bytesReverse backend to client bytes
 */
public record TrafficView(long connectionsNew, long connectionsActive, long connectionsClosed, long connectFailures,
                          long packetsForward, long packetsReverse, long bytesForward, long bytesReverse) {
    /**
     * @param c counters from the data plane
     * @return their view
     */
    public static TrafficView of(TrafficCounters c) {
        return new TrafficView(c.connectionsNew(), c.connectionsActive(), c.connectionsClosed(), c.connectFailures(),
                c.packetsForward(), c.packetsReverse(), c.bytesForward(), c.bytesReverse());
    }
}
