package org.ebpflb.runtime.plugin;

/** A plugin could not be loaded: a directory without a provider, a duplicate id, a broken JAR. Names the place. */
public final class PluginLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public PluginLoadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where
     * @param cause the underlying error
     */
    public PluginLoadException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
