package org.ebpflb.lab.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpflb.lab.sandbox.Command;

/**
 * A bpffs of the demo's own, mounted in the root mount namespace before anything enters a network namespace: under
 * {@code ip netns exec} /sys is remounted and /sys/fs/bpf is not the host's bpffs, while a bpffs mounted elsewhere
 * beforehand stays shared (docs/DATAPATH.md, "Restarts without dropping connections"). The load balancer pins its maps here; unmounting frees them. The
 * distribution's end-to-end tests use it as their load balancers' pin root too.
 */
public final class DemoBpffs implements AutoCloseable {
    private final Path dir;

    private DemoBpffs(Path dir) {
        this.dir = dir;
    }

    /**
     * Mounts a fresh bpffs at {@code dir}; one left mounted by an earlier run is unmounted first (with its pins).
     *
     * @param dir the mount point
     * @return the mount
     */
    public static DemoBpffs mount(Path dir) {
        unmountIfMounted(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bpffs mount point " + dir, e);
        }
        Command.of("mount", "-t", "bpf", "bpf", dir.toString()).check();
        return new DemoBpffs(dir);
    }

    /** @return the mount point, the load balancer's pin root */
    public Path dir() {
        return dir;
    }

    /** Unmounts and removes the mount point. Idempotent. */
    @Override
    public void close() {
        unmountIfMounted(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bpffs mount point " + dir, e);
        }
    }

    /**
     * @param dir a directory
     * @return whether a bpffs is mounted exactly there
     */
    public static boolean mounted(Path dir) {
        try {
            String target = dir.toAbsolutePath().normalize().toString();
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                    .anyMatch(f -> f.length > 2 && f[1].equals(target) && f[2].equals("bpf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mounts", e);
        }
    }

    private static void unmountIfMounted(Path dir) {
        while (mounted(dir)) { // mounted twice by two crashed runs: peel every layer
            Command.of("umount", dir.toString()).check();
        }
    }
}
