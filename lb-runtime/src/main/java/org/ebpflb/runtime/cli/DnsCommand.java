package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lb dns}: the dns-registration plugin's operations on the shared name, sent to the running instance's admin
 * API. The plugin decides and answers; this command only carries the request and prints the answer.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Operations of the dns-registration plugin on the shared DNS name of the load-balancer nodes.",
        subcommands = {DnsCommand.Block.class, DnsCommand.Unblock.class, DnsCommand.RollingReplace.class})
final class DnsCommand implements Callable<Integer> {
    private static final String BASE = "/api/v1/dns-registration";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return LbCommand.BAD_INPUT;
    }

    /** {@code lb dns block IP --for 15m}. */
    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "Keep a node from adding itself back to the name: a lease (TXT _blocked.<fqdn>) held and "
                    + "refreshed by this instance. A block does not remove the node; it ends after --for, on "
                    + "'lb dns unblock', or soon after this instance stops.")
    static final class Block implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private ConfigOption config;
        @Parameters(index = "0", paramLabel = "IP", description = "the node's address in the name")
        private String ip;
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "1m .. 1h, e.g. 15m")
        private String duration;

        @Override
        public Integer call() throws IOException, InterruptedException {
            return send(spec, config, "block", BASE + "/block", Map.of("ip", ip, "for", duration),
                    r -> "blocked " + r.path("blocked").asText() + " until " + r.path("until").asText()
                            + " (lease held by " + r.path("owner").asText() + ")");
        }
    }

    /** {@code lb dns unblock IP}. */
    @Command(name = "unblock", mixinStandardHelpOptions = true,
            description = "Remove every block lease on a node, whoever holds it; the node adds itself back at its "
                    + "next round.")
    static final class Unblock implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private ConfigOption config;
        @Parameters(index = "0", paramLabel = "IP", description = "the node's address")
        private String ip;

        @Override
        public Integer call() throws IOException, InterruptedException {
            return send(spec, config, "unblock", BASE + "/unblock", Map.of("ip", ip),
                    r -> "unblocked " + r.path("unblocked").asText());
        }
    }

    /** {@code lb dns rolling-replace [--region CIDR]}. */
    @Command(name = "rolling-replace", mixinStandardHelpOptions = true,
            description = "Replace the nodes of a region one at a time with the configured replace-command; refused "
                    + "while a node is blocked or when fewer than two remain. Runs in the instance; follow it with "
                    + "'lb status'.")
    static final class RollingReplace implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private ConfigOption config;
        @Option(names = "--region", paramLabel = "CIDR",
                description = "only nodes in this prefix (default: the plugin's region-cidrs)")
        private String region;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Map<String, Object> body = new LinkedHashMap<>();
            if (region != null) {
                body.put("region", region);
            }
            return send(spec, config, "rolling-replace", BASE + "/rolling-replace", body,
                    r -> "rolling replace started: " + r.path("nodes"));
        }
    }

    /** Renders a JSON answer as one line. */
    @FunctionalInterface
    private interface Line {
        String of(JsonNode reply);
    }

    private static int send(CommandSpec spec, ConfigOption config, String name, String path, Map<String, ?> body,
                            Line ok) throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        Optional<AdminClient.Reply> reply = client.post(path, body);
        if (reply.isEmpty()) {
            err.println("lb dns " + name + ": no ebpf-lb instance answers at " + client.describe());
            err.flush();
            return LbCommand.RUNTIME_FAILURE;
        }
        AdminClient.Reply r = reply.get();
        if (r.status() / 100 == 2) {
            out.println(ok.of(Json.mapper().readTree(r.body())));
            out.flush();
            return LbCommand.OK;
        }
        err.println("lb dns " + name + ": " + (r.status() == 404 && r.error().startsWith("no such path")
                ? "the dns-registration plugin is not installed or not enabled" : r.error()));
        err.flush();
        return r.status() >= 500 ? LbCommand.RUNTIME_FAILURE : LbCommand.BAD_INPUT;
    }
}
