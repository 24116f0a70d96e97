package org.ebpflb.lab.sandbox;

import java.util.List;

/**
 * What an external command did.
 *
 * @param argv the command line as run
 * @param exitCode its exit code
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
    /** Copies the command line. */
    public CommandResult {
        argv = List.copyOf(argv);
    }

    /** @return whether the command exited with 0 */
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * @return this result when the command exited with 0
     * @throws CommandFailedException otherwise, naming the command and quoting its stderr
     */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    /** @return the command line as a shell user would type it */
    public String commandLine() {
        return String.join(" ", argv);
    }
}
