package org.ebpflb.bpf.maps;

import java.net.InetAddress;
import org.ebpflb.api.model.Protocol;

/**
 * struct lb_service_key: what a packet is addressed to.
 *
 * @param address the service address, null for any address
 * @param port 1..65535
 * @param protocol TCP or UDP
 * @param family AF_INET or AF_INET6
 */
public record ServiceKey(InetAddress address, int port, Protocol protocol, int family) {
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_service_key")
            .field("addr", Bytes.ADDR).field("port", 2).field("proto", 1).field("family", 1).build();

    /** @param address service address or null @param port port @param protocol protocol @return the key */
    public static ServiceKey of(InetAddress address, int port, Protocol protocol) {
        return new ServiceKey(address, port, protocol, Bytes.family(address));
    }

    /**
     * @param address service address, or null for any address of the family
     * @param ipv6 the service's family when the address is null
     * @param port port
     * @param protocol protocol
     * @return the key
     */
    public static ServiceKey of(InetAddress address, boolean ipv6, int port, Protocol protocol) {
        return new ServiceKey(address, port, protocol, address != null ? Bytes.family(address)
                : ipv6 ? Bytes.AF_INET6 : Bytes.AF_INET);
    }

    /** @return whether the key is of the IPv6 family */
    public boolean ipv6() {
        return family == Bytes.AF_INET6;
    }

    /** @return the image */
    public byte[] encode() {
        return Bytes.writer(LAYOUT).addr("addr", address).port("port", port).u8("proto", ipProto(protocol))
                .u8("family", family).image();
    }

    /** @param image bytes @return the key */
    public static ServiceKey decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        int family = b.u8("family");
        return new ServiceKey(b.addr("addr", family), b.port("port"), b.u8("proto") == 6 ? Protocol.TCP : Protocol.UDP,
                family);
    }

    /** @param p protocol @return IPPROTO_TCP or IPPROTO_UDP */
    public static int ipProto(Protocol p) {
        return p == Protocol.TCP ? 6 : 17;
    }
}
