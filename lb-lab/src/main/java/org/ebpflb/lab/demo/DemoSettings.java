package org.ebpflb.lab.demo;

import java.nio.file.Path;
import java.util.Map;
import org.ebpflb.lab.app.ClientPlan;

/**
 * Where and how big the demo runs. {@link #DEFAULT} is what {@code lb demo} uses; tests use their own prefix, block
 * and state directory so they never collide with a demo run.
 *
 * @param prefix namespace name prefix
 * @param block address block (see {@link org.ebpflb.lab.sandbox.AddressPlan})
 * @param stateDir where the configuration and the bpffs mount go
 * @param requests requests per measurement
 */
public record DemoSettings(String prefix, int block, Path stateDir, int requests) {
    /** {@code lbdemo-}, block 0 (198.18.0.0/21), /run/ebpf-lb-demo, 1000 requests per measurement. */
    public static final DemoSettings DEFAULT = new DemoSettings("lbdemo-", 0, Path.of("/run/ebpf-lb-demo"), 1000);
    /** The environment variable that sets the requests per measurement of {@code lb demo}. */
    public static final String REQUESTS_VARIABLE = "LB_DEMO_REQUESTS";

    /**
     * @param environment the process environment
     * @return {@link #DEFAULT}, with the requests per measurement {@value #REQUESTS_VARIABLE} asks for when it is set
     * @throws IllegalArgumentException when it is set to anything but a whole number in 1..{@value
     *     ClientPlan#MAX_REQUESTS}
     */
    public static DemoSettings fromEnvironment(Map<String, String> environment) {
        String value = environment.get(REQUESTS_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        int requests;
        try {
            requests = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            requests = 0;
        }
        if (requests < 1 || requests > ClientPlan.MAX_REQUESTS) {
            throw new IllegalArgumentException(REQUESTS_VARIABLE + "=" + value + " is not a number of requests in 1.."
                    + ClientPlan.MAX_REQUESTS);
        }
        return new DemoSettings(DEFAULT.prefix(), DEFAULT.block(), DEFAULT.stateDir(), requests);
    }

    /** @return the configuration file */
    public Path configFile() {
        return stateDir.resolve("lb.conf");
    }

    /** @return the runtime changes' overlay the load balancer keeps beside the configuration file */
    public Path overlayFile() {
        return configFile().resolveSibling(configFile().getFileName() + ".runtime.conf");
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
