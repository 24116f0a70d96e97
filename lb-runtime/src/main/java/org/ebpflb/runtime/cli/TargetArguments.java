package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code SERVICE IP:PORT} of the commands that act on one target through the admin API (drain, undrain, circuit),
 * with the {@code -c FILE} that says where that API listens.
 */
final class TargetArguments {
    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "the service name")
    private String service;

    @Parameters(index = "1", paramLabel = "IP:PORT", description = "the target")
    private String target;

    /** @return the service name */
    String service() {
        return service;
    }

    /** @return the target as given */
    String target() {
        return target;
    }

    /** @return "SERVICE IP:PORT", as messages name the target */
    String label() {
        return service + " " + target;
    }

    /** @param action the route below the target, e.g. {@code drain} @return the admin path */
    String path(String action) {
        return path() + "/" + action;
    }

    /** @return the admin path of the target itself */
    String path() {
        return "/api/v1/services/" + service + "/targets/" + target;
    }

    /** @param err where the client reports trouble @return a client for the configured instance */
    AdminClient admin(PrintWriter err) {
        return config.admin(err);
    }
}
