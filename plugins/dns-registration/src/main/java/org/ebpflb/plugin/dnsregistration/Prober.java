package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;

/** Decides whether a peer node is alive. */
@FunctionalInterface
interface Prober {
    /**
     * @param peer a peer's address
     * @return the outcome; never throws
     */
    ProbeResult probe(InetAddress peer);

    /**
     * @param ok whether the peer answered
     * @param detail what happened, e.g. "connected in 2 ms" or "connect refused"
     */
    record ProbeResult(boolean ok, String detail) {
    }
}
