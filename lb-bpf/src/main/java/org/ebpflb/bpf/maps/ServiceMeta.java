package org.ebpflb.bpf.maps;

import java.util.ArrayList;
import java.util.List;

/**
 * struct lb_service_meta: a service's name, key and interfaces, kept in a pinned map so a restarted control plane
 * knows what it installed.
 *
 * @param name service name, empty for a free slot
 * @param key its lb_services key (null for a free slot)
 * @param interfaces interfaces it listens on
 */
public record ServiceMeta(String name, ServiceKey key, List<String> interfaces) {
    /** LB_SVC_NAME_LEN */
    public static final int NAME_LEN = 64;
    /** LB_SVC_IFACES */
    public static final int MAX_INTERFACES = 8;
    /** LB_IFNAME_LEN */
    public static final int IFNAME_LEN = 16;
    /** The C layout. */
    public static final StructLayout LAYOUT = StructLayout.struct("lb_service_meta").field("name", NAME_LEN)
            .field("key", ServiceKey.LAYOUT.size()).field("ifaces", 4).field("ifnames", MAX_INTERFACES * IFNAME_LEN)
            .build();

    /** Copies the list. */
    public ServiceMeta {
        interfaces = List.copyOf(interfaces);
    }

    /** @return the image */
    public byte[] encode() {
        if (interfaces.size() > MAX_INTERFACES) {
            throw new IllegalArgumentException("service " + name + " lists " + interfaces.size()
                    + " interfaces; the kernel data plane takes at most " + MAX_INTERFACES);
        }
        Bytes b = Bytes.writer(LAYOUT).chars("name", 0, NAME_LEN, name).u32("ifaces", interfaces.size());
        for (int i = 0; i < interfaces.size(); i++) {
            b.chars("ifnames", i * IFNAME_LEN, IFNAME_LEN, interfaces.get(i));
        }
        byte[] image = b.image();
        if (key != null) {
            byte[] k = key.encode();
            System.arraycopy(k, 0, image, LAYOUT.offset("key"), k.length);
        }
        return image;
    }

    /** @param image bytes @return the meta, with an empty name for a free slot */
    public static ServiceMeta decode(byte[] image) {
        Bytes b = Bytes.reader(LAYOUT, image);
        String name = b.chars("name", 0, NAME_LEN);
        if (name.isEmpty()) {
            return new ServiceMeta("", null, List.of());
        }
        int off = LAYOUT.offset("key");
        ServiceKey key = ServiceKey.decode(java.util.Arrays.copyOfRange(image, off, off + ServiceKey.LAYOUT.size()));
        List<String> ifaces = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_INTERFACES, b.u32("ifaces")); i++) {
            ifaces.add(b.chars("ifnames", i * IFNAME_LEN, IFNAME_LEN));
        }
        return new ServiceMeta(name, key, ifaces);
    }
}
