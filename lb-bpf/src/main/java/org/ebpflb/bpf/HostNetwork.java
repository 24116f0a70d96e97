package org.ebpflb.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpflb.bpf.libbpf.Libbpf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the data plane needs from the host: a bpffs for pins, forwarding on, the interfaces of the calling thread's
 * network namespace. Paths under /proc/thread-self follow the thread's namespace, which /sys/class/net does not.
 */
final class HostNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);

    private HostNetwork() {
    }

    /**
     * Mounts a bpffs at pinRoot unless one is there; pins in a bpffs we mount die with this mount namespace. Only a
     * missing or empty directory is mounted over: a mount would hide what a directory holds.
     */
    static void ensureBpffs(Path pinRoot) {
        if ("bpf".equals(fsType(pinRoot))) {
            return;
        }
        try {
            Files.createDirectories(pinRoot);
            try (Stream<Path> entries = Files.list(pinRoot)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("pin-root " + pinRoot + " is not a bpffs and not empty: mounting "
                            + "one there would hide its contents. Point lb.dataplane.pin-root at a bpffs (such as "
                            + "/sys/fs/bpf) or at an empty directory");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare pin root " + pinRoot, e);
        }
        if (Libbpf.libc().mount("bpf", pinRoot.toString(), "bpf", 0, null) != 0) {
            throw Libbpf.error("mount -t bpf bpf " + pinRoot, Libbpf.lastErrno());
        }
        LOG.warn("mounted a bpffs at {}: pinned state lives as long as this mount namespace does; mount one at boot "
                + "(e.g. a systemd mount unit) to keep connections across restarts", pinRoot);
    }

    /** @return the type of the filesystem mounted closest above the path, per /proc/self/mounts */
    static String fsType(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        String best = null;
        int bestLen = -1;
        for (String line : readLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            Path mnt = Path.of(f[1].replace("\\040", " "));
            if (abs.startsWith(mnt) && mnt.toString().length() > bestLen) {
                best = f[2];
                bestLen = mnt.toString().length();
            }
        }
        return best;
    }

    /** Turns IPv4 forwarding on if it is off (the backends' gateway must route) and reports rp_filter. */
    static void ensureForwarding(List<String> interfaces) {
        Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
        String value = read(forward);
        if (!"1".equals(value)) {
            try {
                Files.writeString(forward, "1");
            } catch (IOException e) {
                throw new UncheckedIOException("net.ipv4.ip_forward is " + value + " and cannot be set to 1", e);
            }
            LOG.info("set net.ipv4.ip_forward=1 (was {}): the load balancer routes between clients and backends",
                    value);
        }
        Map<String, String> rp = new LinkedHashMap<>();
        rp.put("all", read(Path.of("/proc/sys/net/ipv4/conf/all/rp_filter")));
        for (String i : interfaces) {
            Path p = Path.of("/proc/sys/net/ipv4/conf", i, "rp_filter");
            if (Files.exists(p)) {
                rp.put(i, read(p));
            }
        }
        LOG.info("rp_filter: {} (strict mode 1 works with this data plane)", rp);
    }

    /**
     * Turns IPv6 forwarding on if it is off, once an IPv6 service is installed: the backends' IPv6 gateway must route
     * too. Not before, because forwarding makes the kernel ignore router advertisements (unless accept_ra = 2), which
     * a host that balances IPv4 only should not have to accept.
     */
    static void ensureIpv6Forwarding() {
        Path forward = Path.of("/proc/sys/net/ipv6/conf/all/forwarding");
        if (!Files.exists(forward)) {
            throw new IllegalStateException("IPv6 is disabled in this network namespace: no " + forward);
        }
        String value = read(forward);
        if (!"1".equals(value)) {
            try {
                Files.writeString(forward, "1");
            } catch (IOException e) {
                throw new UncheckedIOException("net.ipv6.conf.all.forwarding is " + value + " and cannot be set to 1",
                        e);
            }
            LOG.info("set net.ipv6.conf.all.forwarding=1 (was {}) for IPv6 services; router advertisements are now "
                    + "ignored where accept_ra is 1", value);
        }
    }

    /** @return interface names of the calling thread's network namespace */
    static List<String> interfaces() {
        List<String> names = new ArrayList<>();
        for (String line : readLines(Path.of("/proc/thread-self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon).trim());
            }
        }
        return names;
    }

    /** @param name interface @return its index, 0 when it does not exist */
    static int ifindex(String name) {
        return Libbpf.libc().if_nametoindex(name);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
