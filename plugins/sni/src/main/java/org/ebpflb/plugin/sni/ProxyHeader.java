package org.ebpflb.plugin.sni;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** The PROXY protocol version 2 header (haproxy's proxy-protocol.txt, section 2.2) for a proxied TCP connection. */
final class ProxyHeader {
    private static final byte[] SIGNATURE = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a};
    private static final byte VERSION_2_PROXY = 0x21;
    private static final byte TCP_OVER_IPV4 = 0x11;
    private static final byte TCP_OVER_IPV6 = 0x21;

    private ProxyHeader() {
    }

    /**
     * @param client the client's address and port, as the load balancer accepted it
     * @param service the address and port the client connected to
     * @return the header bytes
     */
    static byte[] v2(InetSocketAddress client, InetSocketAddress service) {
        byte[] source = client.getAddress().getAddress();
        byte[] destination = service.getAddress().getAddress();
        boolean v4 = client.getAddress() instanceof Inet4Address && destination.length == 4;
        if (!v4) { // an IPv4 client of an IPv6 socket arrives mapped; keep both sides one family
            source = mapped(source);
            destination = mapped(destination);
        }
        ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length + 4 + 2 * source.length + 4);
        b.put(SIGNATURE).put(VERSION_2_PROXY).put(v4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6)
                .putShort((short) (2 * source.length + 4)).put(source).put(destination)
                .putShort((short) client.getPort()).putShort((short) service.getPort());
        return b.array();
    }

    private static byte[] mapped(byte[] address) {
        if (address.length == 16) {
            return address;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(address, 0, out, 12, 4);
        return out;
    }
}
