package org.ebpflb.runtime.demo;

import java.nio.file.Path;

/**
 * Where and how big the demo runs. {@link #DEFAULT} is what {@code lb demo} uses; tests use their own prefix, block
 * and state directory so they never collide with a demo run.
 *
 * @param prefix namespace name prefix
 * @param block address block (see {@link org.ebpflb.runtime.demo.sandbox.AddressPlan})
 * @param stateDir where the configuration and the bpffs mount go
 * @param requests requests per measurement
 */
public record DemoSettings(String prefix, int block, Path stateDir, int requests) {
    /** {@code lbdemo-}, block 0 (198.18.0.0/21), /run/ebpf-lb-demo, 1000 requests per measurement. */
    public static final DemoSettings DEFAULT = new DemoSettings("lbdemo-", 0, Path.of("/run/ebpf-lb-demo"), 1000);

    /** @return the configuration file */
    public Path configFile() {
        return stateDir.resolve("lb.conf");
    }

    /** @return the lock file that keeps a second demo from sweeping this one's namespaces, next to the state dir */
    public Path lockFile() {
        return stateDir.resolveSibling(stateDir.getFileName() + ".lock");
    }

    /** @return the bpffs mount point, the load balancer's pin root */
    public Path bpffs() {
        return stateDir.resolve("bpffs");
    }
}
