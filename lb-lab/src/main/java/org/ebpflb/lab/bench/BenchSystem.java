package org.ebpflb.lab.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the client's traffic goes through on its way to the backend. */
public enum BenchSystem {
    /** The backend's own address, routed through the load balancer's namespace: the baseline. */
    DIRECT("direct", Optional.empty()),
    /** An nftables DNAT rule in the load balancer's namespace. */
    NFTABLES("nftables", Optional.empty()),
    /** HAProxy in {@code mode tcp}, one process with a thread per core. */
    HAPROXY("haproxy", Optional.empty()),
    /** ebpf-lb with {@code xdp-mode = auto}. */
    EBPF_LB_AUTO("ebpf-lb-auto", Optional.of("auto")),
    /** ebpf-lb with {@code xdp-mode = native}. */
    EBPF_LB_NATIVE("ebpf-lb-native", Optional.of("native")),
    /** ebpf-lb with {@code xdp-mode = generic}. */
    EBPF_LB_GENERIC("ebpf-lb-generic", Optional.of("generic")),
    /**
     * Another ebpf-lb installation ({@code --baseline-lb-home}) with {@code xdp-mode = auto}: a change measured
     * against what it changes, in the same run. Measured only when that option is given.
     */
    EBPF_LB_BASELINE("ebpf-lb-baseline", Optional.of("auto"));

    private final String label;
    private final Optional<String> xdpMode;

    BenchSystem(String label, Optional<String> xdpMode) {
        this.label = label;
        this.xdpMode = xdpMode;
    }

    /** @return the name used in options and tables */
    public String label() {
        return label;
    }

    /** @return ebpf-lb's {@code xdp-mode}, empty for the other systems */
    public Optional<String> xdpMode() {
        return xdpMode;
    }

    /**
     * @param text a label
     * @return the system
     * @throws IllegalArgumentException naming the labels when none matches
     */
    public static BenchSystem parse(String text) {
        return Arrays.stream(values()).filter(s -> s.label.equals(text.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown system '" + text + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(BenchSystem::label).toList())));
    }
}
