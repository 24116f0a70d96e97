package org.ebpflb.bpf.maps;

import org.ebpflb.api.model.Protocol;
import org.ebpflb.bpf.libbpf.BpfMap;

/**
 * lb_service_ports: per destination port, a bit for each protocol some service listens on. The ingress program passes
 * other traffic before touching conntrack, so the bits may be set too widely (that only costs the full lookup), never
 * too narrowly (that would pass a service's packets untranslated).
 */
public final class ServicePorts {
    /** LB_PORT_TCP */
    public static final int TCP = 1;
    /** LB_PORT_UDP */
    public static final int UDP = 2;

    private final BpfMap map;

    ServicePorts(BpfMap map) {
        this.map = map;
    }

    /**
     * @param port 1..65535
     * @param protocol the protocol
     * @param served whether some service listens there now
     */
    public void set(int port, Protocol protocol, boolean served) {
        byte[] key = TypedMap.index(port);
        int bits = map.lookup(key).map(v -> v[0] & 0xff).orElse(0);
        int bit = protocol == Protocol.TCP ? TCP : UDP;
        int updated = served ? bits | bit : bits & ~bit;
        if (updated != bits) {
            map.update(key, new byte[] {(byte) updated});
        }
    }

    /**
     * @param port 1..65535
     * @param protocol the protocol
     * @return whether its bit is set
     */
    public boolean served(int port, Protocol protocol) {
        int bit = protocol == Protocol.TCP ? TCP : UDP;
        return map.lookup(TypedMap.index(port)).map(v -> (v[0] & bit) != 0).orElse(false);
    }
}
