package org.ebpflb.bpf.libbpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;

/**
 * A network namespace a test creates (iproute2) and enters with setns(2) for the calling thread only, so the data
 * plane's netlink calls and /proc/thread-self views act inside it. Lives in an exported package because jnr-ffi
 * binds the libc interface from outside the module.
 */
public final class TestNetns implements AutoCloseable {
    /** The libc calls to switch a thread's network namespace. */
    public interface Ns {
        /** @param fd namespace fd @param nstype CLONE_NEWNET @return 0 or -1 */
        int setns(int fd, int nstype);

        /** @param path file @param flags O_RDONLY @return fd or -1 */
        int open(String path, int flags);

        /** @param fd fd @return 0 or -1 */
        int close(int fd);
    }

    private static final int CLONE_NEWNET = 0x40000000;
    private static final Ns NS = LibraryLoader.create(Ns.class).load("c");

    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** @param prefix deletes every namespace whose name starts with it (leftovers of a killed run) */
    public static void sweep(String prefix) {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(prefix)) {
                run("ip", "netns", "del", ns);
            }
        }
    }

    /** @param name namespace name @return the created namespace */
    public static TestNetns create(String name) {
        run("ip", "netns", "add", name);
        TestNetns ns = new TestNetns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** @param args iproute2 arguments run inside the namespace @return output */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** @return a handle that moves the calling thread into the namespace until closed */
    public AutoCloseable enter() {
        int home = NS.open("/proc/thread-self/ns/net", 0);
        int target = NS.open("/var/run/netns/" + name, 0);
        if (home < 0 || target < 0 || NS.setns(target, CLONE_NEWNET) != 0) {
            throw new IllegalStateException("cannot enter network namespace " + name);
        }
        NS.close(target);
        return () -> {
            if (NS.setns(home, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("cannot return to the original network namespace");
            }
            NS.close(home);
        };
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
