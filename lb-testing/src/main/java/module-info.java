/**
 * Project-internal test support: the privileged test tiers ({@link org.ebpflb.testing.PrivilegedTier}) of ebpf-lb's
 * own BPF and namespace tests. Not for plugin authors, whose kit is lb-testkit.
 */
module org.ebpflb.testing {
    requires transitive org.junit.jupiter.api;

    exports org.ebpflb.testing;
}
