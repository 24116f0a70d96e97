package org.ebpflb.bpf.maps;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and writes one struct image: host-order integers (the kernel's), network-order ports and addresses. Only
 * little-endian hosts are supported, as the BPF objects are compiled for them.
 */
final class Bytes {
    /** AF_INET */
    static final int AF_INET = 2;
    /** AF_INET6 */
    static final int AF_INET6 = 10;
    /** size of union lb_addr */
    static final int ADDR = 16;

    private final StructLayout layout;
    private final ByteBuffer buf;

    private Bytes(StructLayout layout, byte[] image) {
        this.layout = layout;
        this.buf = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    }

    static Bytes writer(StructLayout layout) {
        return new Bytes(layout, new byte[layout.size()]);
    }

    static Bytes reader(StructLayout layout, byte[] image) {
        if (image.length < layout.size()) {
            throw new IllegalArgumentException("struct " + layout.name() + " needs " + layout.size() + " bytes, got "
                    + image.length);
        }
        return new Bytes(layout, image);
    }

    byte[] image() {
        return buf.array();
    }

    Bytes u8(String field, int v) {
        buf.put(layout.offset(field), (byte) v);
        return this;
    }

    Bytes u32(String field, int v) {
        buf.putInt(layout.offset(field), v);
        return this;
    }

    Bytes u64(String field, long v) {
        buf.putLong(layout.offset(field), v);
        return this;
    }

    /** A port in network byte order. */
    Bytes port(String field, int port) {
        buf.order(ByteOrder.BIG_ENDIAN).putShort(layout.offset(field), (short) port).order(ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** An address into a union lb_addr; null leaves it zero ("any"). */
    Bytes addr(String field, InetAddress a) {
        if (a != null) {
            byte[] raw = a.getAddress();
            buf.put(layout.offset(field), raw, 0, raw.length);
        }
        return this;
    }

    Bytes chars(String field, int offset, int size, String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        if (raw.length >= size) {
            throw new IllegalArgumentException("'" + s + "' is longer than " + (size - 1) + " bytes");
        }
        buf.put(layout.offset(field) + offset, raw, 0, raw.length);
        return this;
    }

    int u8(String field) {
        return buf.get(layout.offset(field)) & 0xff;
    }

    int u32(String field) {
        return buf.getInt(layout.offset(field));
    }

    long u64(String field) {
        return buf.getLong(layout.offset(field));
    }

    int port(String field) {
        int off = layout.offset(field);
        return ((buf.get(off) & 0xff) << 8) | (buf.get(off + 1) & 0xff);
    }

    /** @return the address of the given family, or null when the union is all zero */
    InetAddress addr(String field, int family) {
        int off = layout.offset(field);
        byte[] raw = Arrays.copyOfRange(buf.array(), off, off + (family == AF_INET6 ? 16 : 4));
        boolean zero = true;
        for (byte b : Arrays.copyOfRange(buf.array(), off, off + ADDR)) {
            zero &= b == 0;
        }
        if (zero) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * An address of a union with no family beside it (lb_ct_value's NAT address): IPv4 when its last 12 bytes are
     * zero, else IPv6. The data plane refuses IPv6 service and target addresses of that shape (subnet-router anycast
     * addresses, RFC 4291 2.6.1), so the two never meet.
     *
     * @return the address, or null when the union is all zero
     */
    InetAddress addr(String field) {
        int off = layout.offset(field);
        boolean v4 = true;
        for (int i = 4; i < ADDR; i++) {
            v4 &= buf.get(off + i) == 0;
        }
        return addr(field, v4 ? AF_INET : AF_INET6);
    }

    String chars(String field, int offset, int size) {
        int off = layout.offset(field) + offset;
        int end = off;
        while (end < off + size && buf.get(end) != 0) {
            end++;
        }
        return new String(buf.array(), off, end - off, StandardCharsets.UTF_8);
    }

    /** @return the all-zero address of a family */
    static InetAddress any(int family) {
        try {
            return InetAddress.getByAddress(new byte[family == AF_INET6 ? 16 : 4]);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static int family(InetAddress a) {
        return a == null || a instanceof Inet4Address ? AF_INET : AF_INET6;
    }
}
