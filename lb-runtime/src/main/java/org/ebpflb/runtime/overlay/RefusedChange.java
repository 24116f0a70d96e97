package org.ebpflb.runtime.overlay;

/** A runtime change that cannot be made to the overlay at all (an unknown service or target, say), with its reason. */
public final class RefusedChange extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason in an operator's words */
    public RefusedChange(String reason) {
        super(reason);
    }
}
