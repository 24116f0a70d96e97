package org.ebpflb.runtime.demo.app;

import java.util.Map;

/**
 * Outcome of a burst of UDP datagrams, each from a new socket (a new source port, hence a new flow).
 *
 * @param target the ip:port asked
 * @param planned datagrams asked for
 * @param sent datagrams sent before the deadline
 * @param perBackend replies by the name they carried
 * @param failures datagrams without a reply, by reason
 */
public record UdpReport(String target, int planned, int sent, Map<String, Integer> perBackend,
                        Map<String, Integer> failures) implements ClientReport {
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
