package org.ebpflb.bpf;

import java.util.Locale;

/** How the ingress program is attached ({@code lb.dataplane.xdp-mode}). */
public enum XdpMode {
    /**
     * native where the driver supports it, generic on veths (native costs them TSO on the peer) and where native is
     * refused; an existing attachment keeps its mode
     */
    AUTO,
    /** driver mode */
    NATIVE,
    /** skb mode: works everywhere, sees GSO packets */
    GENERIC;

    /**
     * @param text auto, native or generic
     * @return the mode
     * @throws IllegalArgumentException for anything else
     */
    public static XdpMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("xdp-mode '" + text + "' is not one of auto, native, generic");
        }
    }
}
