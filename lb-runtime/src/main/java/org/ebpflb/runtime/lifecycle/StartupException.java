package org.ebpflb.runtime.lifecycle;

/** The runtime cannot start; carries the message for the operator and the CLI exit code. */
public final class StartupException extends Exception {
    /** Exit code for bad input: configuration problems, unloadable plugins, unsafe admin settings. */
    public static final int BAD_INPUT = 1;
    /** Exit code for failures at run time: data plane, a required plugin, a busy admin port. */
    public static final int RUNTIME_FAILURE = 2;

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param exitCode {@link #BAD_INPUT} or {@link #RUNTIME_FAILURE}
     * @param message what is wrong
     */
    public StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @return the exit code for the CLI */
    public int exitCode() {
        return exitCode;
    }
}
