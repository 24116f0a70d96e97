package org.ebpflb.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.bpf.libbpf.TestNetns;

/**
 * The world of the data-plane tests that attach to real interfaces: a fresh network namespace with veth pairs, up,
 * an address on the first device, and the calling thread inside it until {@link #close()}; optionally pin roots in
 * temporary directories, detached, unmounted and deleted at close.
 */
final class VethNamespace implements AutoCloseable {
    private final TestNetns ns;
    private final AutoCloseable inside;
    private final List<PinRoot> pinRoots = new ArrayList<>();

    private record PinRoot(Path path, String instance) {
    }

    private VethNamespace(TestNetns ns, AutoCloseable inside) {
        this.ns = ns;
        this.inside = inside;
    }

    /**
     * @param sweepPrefix namespaces with this prefix are leftovers of a killed run: deleted first
     * @param name the namespace's name
     * @param address CIDR for the first device, e.g. {@code 198.18.200.1/24}
     * @param pairs veth pairs as device names, two by two: {@code a, b[, c, d ...]}
     * @return the namespace, entered by the calling thread
     */
    static VethNamespace create(String sweepPrefix, String name, String address, String... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) {
            throw new IllegalArgumentException("veth devices come in pairs: " + List.of(pairs));
        }
        TestNetns.sweep(sweepPrefix);
        TestNetns ns = TestNetns.create(name);
        try {
            for (int i = 0; i < pairs.length; i += 2) {
                ns.ip("link", "add", pairs[i], "type", "veth", "peer", "name", pairs[i + 1]);
            }
            ns.ip("addr", "add", address, "dev", pairs[0]);
            for (String dev : pairs) {
                // no IPv6 link-local address: the kernel's own neighbour discovery would reach the attached programs
                // and move their counters while a test reads them
                ns.ip("link", "set", dev, "addrgenmode", "none");
                ns.ip("link", "set", dev, "up");
            }
            return new VethNamespace(ns, ns.enter());
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /**
     * @param prefix of the temporary directory's name
     * @param instance the data-plane instance that pins below it
     * @return an empty directory the data plane mounts its bpffs on
     */
    Path pinRoot(String prefix, String instance) throws IOException {
        Path path = Files.createTempDirectory(prefix);
        pinRoots.add(new PinRoot(path, instance));
        return path;
    }

    /** Detaches and removes the pin roots (from inside: detaching finds the interfaces here), leaves, deletes. */
    @Override
    public void close() throws Exception {
        try {
            for (PinRoot root : pinRoots) {
                KernelDataPlane.detach(root.path(), root.instance());
                if ("bpf".equals(HostNetwork.fsType(root.path()))) {
                    assertEquals(0, new ProcessBuilder("umount", root.path().toString()).inheritIO().start()
                            .waitFor());
                }
                Files.delete(root.path());
            }
        } finally {
            try {
                inside.close();
            } finally {
                ns.close();
            }
        }
    }
}
