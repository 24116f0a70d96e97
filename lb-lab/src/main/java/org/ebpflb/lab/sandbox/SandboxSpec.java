package org.ebpflb.lab.sandbox;

import java.util.regex.Pattern;

/**
 * What sandbox to build.
 *
 * @param prefix namespace name prefix, unique per user of the sandbox (the demo uses {@code lbdemo-}, each test class
 *     its own); lower-case letters, digits and '-', at most 24 characters
 * @param block the address block (see {@link AddressPlan}); concurrent sandboxes use different blocks
 * @param backends how many backend namespaces
 * @param extraClients client namespaces besides the first, each in its own subnet (for source routes)
 * @param txChecksumOffload false turns tx checksum offload off ({@code ethtool -K DEV tx off}) on every device the LB
 *     sends from, so each forwarded packet leaves with a fully computed checksum: the checksum-honest variant
 */
public record SandboxSpec(String prefix, int block, int backends, int extraClients, boolean txChecksumOffload) {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,23}");

    /** Validates the prefix and the address plan. */
    public SandboxSpec {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("namespace prefix '" + prefix
                    + "' must be lower-case letters, digits and '-', starting with a letter, at most 24 characters");
        }
        new AddressPlan(block, backends, extraClients);
    }

    /**
     * @param prefix namespace name prefix
     * @param block address block
     * @return three backends, one client, offload left on
     */
    public static SandboxSpec of(String prefix, int block) {
        return new SandboxSpec(prefix, block, 3, 0, true);
    }

    /**
     * @param n backend count
     * @return this spec with {@code n} backends
     */
    public SandboxSpec withBackends(int n) {
        return new SandboxSpec(prefix, block, n, extraClients, txChecksumOffload);
    }

    /**
     * @param n extra client count
     * @return this spec with {@code n} extra clients
     */
    public SandboxSpec withExtraClients(int n) {
        return new SandboxSpec(prefix, block, backends, n, txChecksumOffload);
    }

    /** @return this spec with tx checksum offload off on the LB's sending devices */
    public SandboxSpec withTxChecksumOffloadOff() {
        return new SandboxSpec(prefix, block, backends, extraClients, false);
    }

    /** @return the addresses this spec gets */
    public AddressPlan addresses() {
        return new AddressPlan(block, backends, extraClients);
    }
}
