package org.ebpflb.runtime.plugin;

/**
 * A plugin's start failed in a way the runtime must not carry on from: it threw
 * {@link org.ebpflb.api.spi.FatalStartException}, or it is marked {@code required}.
 */
public final class PluginStartException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which plugin and why
     * @param cause what the plugin threw
     */
    public PluginStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
