package org.ebpflb.lab.sandbox;

/**
 * A namespace's count of received segments and datagrams whose checksum was wrong: the counters that expose a load
 * balancer rewriting checksums incorrectly (docs/DATAPATH.md, "Checksums").
 *
 * @param tcp {@code TcpInCsumErrors}
 * @param udp {@code UdpInCsumErrors}
 */
public record ChecksumErrors(long tcp, long udp) {
    /** @return tcp + udp */
    public long total() {
        return tcp + udp;
    }
}
