package org.ebpflb.lab.sandbox;

/** An external command exited non-zero or did not finish in time; the message names it and quotes its stderr. */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failed command, absent after deserialization. */
    private final transient CommandResult result;

    /** @param result the failed command's result */
    public CommandFailedException(CommandResult result) {
        super(describe(result));
        this.result = result;
    }

    /** @param message what went wrong, including the command line */
    public CommandFailedException(String message) {
        super(message);
        this.result = null;
    }

    /** @return the failed command's result, or null when it never produced one (timeout, could not start) */
    public CommandResult result() {
        return result;
    }

    private static String describe(CommandResult r) {
        String err = r.stderr().strip();
        String out = r.stdout().strip();
        StringBuilder s = new StringBuilder("command failed (exit ").append(r.exitCode()).append("): ")
                .append(r.commandLine());
        s.append(System.lineSeparator()).append("  stderr: ").append(err.isEmpty() ? "(empty)" : err);
        if (!out.isEmpty() && err.isEmpty()) {
            s.append(System.lineSeparator()).append("  stdout: ").append(out);
        }
        return s.toString();
    }
}
