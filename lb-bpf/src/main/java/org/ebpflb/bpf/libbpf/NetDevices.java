package org.ebpflb.bpf.libbpf;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jnr.ffi.Pointer;

/** What kind of device an interface is, asked the way {@code ethtool -i} asks (SIOCETHTOOL, ETHTOOL_GDRVINFO). */
public final class NetDevices {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
    private static final long SIOCETHTOOL = 0x8946;
    private static final int ETHTOOL_GDRVINFO = 0x3;
    /** struct ethtool_drvinfo: cmd, then driver[32] at offset 4. */
    private static final int DRVINFO_SIZE = 196;
    private static final int DRIVER_OFFSET = 4;
    private static final int DRIVER_LENGTH = 32;
    /** struct ifreq: ifr_name[16], then the ifr_data pointer; 40 bytes on 64-bit. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    private NetDevices() {
    }

    /**
     * @param iface an interface of the calling thread's network namespace
     * @return its driver's name (e.g. {@code veth}, {@code mlx5_core}), empty when the interface or the answer is
     *     missing
     */
    public static Optional<String> driver(String iface) {
        byte[] name = iface.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= IFNAMSIZ) {
            return Optional.empty();
        }
        LibC libc = Libbpf.libc();
        int fd = libc.socket(AF_INET, SOCK_DGRAM_CLOEXEC, 0);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            Pointer info = Libbpf.allocate(DRVINFO_SIZE);
            info.putInt(0, ETHTOOL_GDRVINFO);
            Pointer ifreq = Libbpf.allocate(IFREQ_SIZE);
            ifreq.put(0, name, 0, name.length);
            ifreq.putAddress(IFNAMSIZ, info.address());
            if (libc.ioctl(fd, SIOCETHTOOL, ifreq) != 0) {
                return Optional.empty();
            }
            String driver = info.getString(DRIVER_OFFSET, DRIVER_LENGTH, StandardCharsets.US_ASCII);
            return driver.isEmpty() ? Optional.empty() : Optional.of(driver);
        } finally {
            libc.close(fd);
        }
    }
}
