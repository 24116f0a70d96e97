package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;

/**
 * Thrown from {@link Plugin#start} when running without the plugin would mislead the operator (a hostname that does
 * not resolve at startup, say). The runtime refuses to start, with this message.
 */
@Stable
public class FatalStartException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what the operator can do */
    public FatalStartException(String message) {
        super(message);
    }
}
