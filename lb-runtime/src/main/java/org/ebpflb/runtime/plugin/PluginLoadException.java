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
        super(message + ": " + describe(cause), cause);
    }

    /** The cause's message, and its root cause when that says more (a plugin constructor's exception, say). */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.getMessage() : cause.getMessage() + " (caused by " + root + ")";
    }
}
