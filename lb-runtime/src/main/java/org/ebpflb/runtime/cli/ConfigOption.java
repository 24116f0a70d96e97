package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ebpflb.runtime.lifecycle.BootstrapSettings;
import org.ebpflb.runtime.lifecycle.InstallDir;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option every command that reads a configuration shares. */
public final class ConfigOption {
    /** The configuration file used when {@code -c} is absent, relative to the install directory. */
    public static final String DEFAULT = "conf/lb.conf";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "configuration file (default: " + DEFAULT + " under the install directory, "
                    + "-Dlb.home, else the working directory)")
    private Path file;

    /** @return the file given, or the default */
    Path file() {
        return file != null ? file : InstallDir.resolve(DEFAULT);
    }

    /** @param err where the client reports trouble @return a client for the admin API this file configures */
    AdminClient admin(PrintWriter err) {
        return AdminClient.of(BootstrapSettings.read(file()), err);
    }
}
