package org.ebpflb.runtime.admin;

/** The admin API refuses to start: an unsafe listen address, an unreadable token file, a port in use. */
public final class AdminStartException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public AdminStartException(String message) {
        super(message);
    }
}
