package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.OverlayView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb runtime diff|clear}: the runtime changes kept in the overlay beside the configuration file. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Show or drop the runtime changes ('lb target ...', 'lb service ...') that the running "
                + "instance keeps in <config>.runtime.conf and merges over the configuration file.",
        subcommands = {RuntimeCommand.Diff.class, RuntimeCommand.Clear.class})
final class RuntimeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return LbCommand.BAD_INPUT;
    }

    /** {@code lb runtime diff [--text]}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "List what the runtime changes change against the configuration file, one line each.")
    static final class Diff implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ConfigOption config;

        @Option(names = "--text", description = "print the overlay file itself instead")
        private boolean text;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = config.admin(err);
            Optional<AdminClient.Reply> reply = client.get("/api/v1/runtime");
            Optional<Integer> failed = client.failure("lb runtime diff", reply, err);
            if (failed.isPresent()) {
                return failed.get();
            }
            OverlayView overlay = reply.get().as(OverlayView.class);
            if (text) {
                out.print(overlay.text());
            } else if (overlay.changes().isEmpty() && overlay.problems().isEmpty()) {
                out.println("no runtime changes (" + overlay.file() + " does not exist)");
            } else {
                out.println("runtime changes in " + overlay.file() + ":");
                overlay.changes().forEach(line -> out.println("  " + line));
                overlay.problems().forEach(line -> out.println("  cannot be read: " + line));
            }
            out.flush();
            return LbCommand.OK;
        }
    }

    /** {@code lb runtime clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Drop every runtime change: the configuration file alone is validated and applied like a "
                    + "reload, then the overlay file is deleted (refused, with nothing changed, when the file alone "
                    + "is invalid).")
    static final class Clear implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ConfigOption config;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = config.admin(err);
            return RuntimeChangeReply.print("lb runtime clear", client, client.delete("/api/v1/runtime"),
                    spec.commandLine().getOut(), err);
        }
    }
}
