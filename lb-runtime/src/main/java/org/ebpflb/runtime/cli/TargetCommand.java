package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lb target add|remove|weight SERVICE IP:PORT [--weight N]}: runtime changes of a service's targets, kept in
 * the overlay beside the configuration file.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Add or remove a target of a running service, or set its base weight, without editing the "
                + "configuration file. Each change is validated as the file is, applied like a reload (all or "
                + "nothing) and kept in the overlay <config>.runtime.conf, so restarts and reloads keep it "
                + "('lb runtime diff' shows it, 'lb runtime clear' drops it).",
        subcommands = {TargetCommand.Add.class, TargetCommand.Remove.class, TargetCommand.Weight.class})
final class TargetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return LbCommand.BAD_INPUT;
    }

    /** {@code lb target add SERVICE IP:PORT [--weight N]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a target to the service's targets; it takes new connections in its share once applied.")
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private TargetArguments target;

        @Option(names = "--weight", paramLabel = "N", description = "its base weight (default: 1)")
        private Long weight;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = target.admin(err);
            Optional<Map<String, Object>> address = address(target.target());
            if (address.isEmpty()) {
                err.println("lb target add: write an IPv6 target in brackets, [ip]:port (got '" + target.target()
                        + "')");
                return LbCommand.BAD_INPUT;
            }
            Map<String, Object> body = new LinkedHashMap<>(address.get());
            if (weight != null) {
                body.put("weight", weight);
            }
            return RuntimeChangeReply.print("lb target add", client,
                    client.post("/api/v1/services/" + target.service() + "/targets", body),
                    spec.commandLine().getOut(), err);
        }
    }

    /**
     * Splits {@code ip:port} or {@code [ipv6]:port} into the {@code ip} and {@code port} of a target object; the admin
     * API validates both. Without a colon the text is the ip and the API reports the missing port.
     *
     * @param text the target as typed
     * @return the keys; empty for an IPv6 address without brackets, whose port cannot be told from its last group
     */
    static Optional<Map<String, Object>> address(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            return Optional.of(Map.of("ip", text.substring(1, text.length() - 1)));
        }
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[") && text.lastIndexOf(']') == colon - 1;
        if (colon < 0 || !bracketed && text.indexOf(':') != colon) {
            return text.contains(":") ? Optional.empty() : Optional.of(Map.of("ip", text));
        }
        String ip = bracketed ? text.substring(1, colon - 1) : text.substring(0, colon);
        return Optional.of(Map.of("ip", ip, "port", text.substring(colon + 1)));
    }

    /** {@code lb target remove SERVICE IP:PORT}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Take a target out of the service's targets: it gets no new connection; established ones "
                    + "keep their backend until they end.")
    static final class Remove implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private TargetArguments target;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = target.admin(err);
            return RuntimeChangeReply.print("lb target remove", client, client.delete(target.path()),
                    spec.commandLine().getOut(), err);
        }
    }

    /** {@code lb target weight SERVICE IP:PORT --weight N}. */
    @Command(name = "weight", mixinStandardHelpOptions = true,
            description = "Set a target's base weight (what the configuration's weight sets; health and other "
                    + "modifiers still apply on top, as 'lb explain' shows).")
    static final class Weight implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private TargetArguments target;

        @Option(names = "--weight", paramLabel = "N", required = true, description = "the new base weight")
        private long weight;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AdminClient client = target.admin(err);
            return RuntimeChangeReply.print("lb target weight", client,
                    client.post(target.path() + "/weight", Map.of("weight", weight)), spec.commandLine().getOut(),
                    err);
        }
    }
}
