package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lb service add --file SNIPPET [--replace]}, {@code lb service remove NAME}: runtime changes of services. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Add, replace or remove a whole service of the running instance without editing the "
                + "configuration file; validated as the file is, applied like a reload (all or nothing) and kept in "
                + "the overlay <config>.runtime.conf.",
        subcommands = {ServiceCommand.Add.class, ServiceCommand.Remove.class})
final class ServiceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return LbCommand.BAD_INPUT;
    }

    /** {@code lb service add --file SNIPPET [--replace]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add the service SNIPPET holds: one service object, written as an element of lb.services "
                    + "is (name, listen, targets, and any plugin key such as health-check). With --replace it "
                    + "replaces a service of that name as a whole.")
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ConfigOption config;

        @Option(names = "--file", paramLabel = "SNIPPET", required = true, description = "the service, in HOCON")
        private Path file;

        @Option(names = "--replace", description = "replace an existing service of that name")
        private boolean replace;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("lb service add: cannot read " + file + ": " + e.getMessage());
                err.flush();
                return LbCommand.BAD_INPUT;
            }
            AdminClient client = config.admin(err);
            return RuntimeChangeReply.print("lb service add", client, client.post("/api/v1/services",
                    Map.of("service", text, "source", file.toString(), "replace", replace)),
                    spec.commandLine().getOut(), err);
        }
    }

    /** {@code lb service remove NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a service: its address stops taking new connections; established ones end as "
                    + "after a reload that removes it.")
    static final class Remove implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the service name")
        private String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = config.admin(err);
            return RuntimeChangeReply.print("lb service remove", client, client.delete("/api/v1/services/" + name),
                    spec.commandLine().getOut(), err);
        }
    }
}
