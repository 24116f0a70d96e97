package org.ebpflb.lab.app;

import java.util.Map;

/**
 * Outcome of a burst of UDP datagrams, each from a new socket (a new source port, hence a new flow).
 *
 * @param target the ip:port asked
 * @param planned datagrams asked for
 * @param sent datagrams sent before the deadline
 * @param perBackend replies by the name they carried
 * @param failures datagrams without a reply, by reason
 * @param flows distinct source ports among the datagrams sent: the kernel may hand a new socket a port an earlier
 *     one used, and a load balancer rightly sees that datagram as part of the earlier flow while it is remembered
 */
public record UdpReport(String target, int planned, int sent, Map<String, Integer> perBackend,
                        Map<String, Integer> failures, int flows) implements ClientReport {
    /** Copies the maps. */
    public UdpReport {
        perBackend = Map.copyOf(perBackend);
        failures = Map.copyOf(failures);
    }

    /** @return datagrams answered */
    public int answered() {
        return perBackend.values().stream().mapToInt(Integer::intValue).sum();
    }
}
