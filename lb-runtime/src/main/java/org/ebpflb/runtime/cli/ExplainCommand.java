package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.lifecycle.OfflineRound;
import org.ebpflb.runtime.lifecycle.StartupException;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lb explain SERVICE}: the weight trace from the running instance, or, when none answers, from one offline
 * round (plugins started and stopped again, no kernel state touched), clearly labelled as such.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show how a service's weights came about: per target the base weight, each modifier's "
                + "factor and reason, effective weight, share and table slots. Asks the running instance; "
                + "when none answers, computes one offline round and says so.")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Parameters(paramLabel = "SERVICE", description = "the service name")
    private String service;

    @Option(names = "--json", description = "print the JSON the admin API returns")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        Optional<AdminClient.Reply> reply = client.get("/api/v1/services/" + service + "/explain");
        ExplainView view;
        if (reply.isPresent()) {
            if (reply.get().status() != 200) {
                err.println("lb explain: " + reply.get().error());
                err.flush();
                return reply.get().status() == 404 ? LbCommand.BAD_INPUT : LbCommand.RUNTIME_FAILURE;
            }
            view = reply.get().as(ExplainView.class);
        } else {
            Map<String, ExplainView> offline;
            try {
                offline = OfflineRound.explainAll(config.file());
            } catch (StartupException e) {
                err.println("lb explain (offline): " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            view = offline.get(service);
            if (view == null) {
                err.println("lb explain: unknown service: " + service + " (configured: " + offline.keySet() + ")");
                err.flush();
                return LbCommand.BAD_INPUT;
            }
            // with --json the banner goes to stderr, so that stdout is the JSON alone
            PrintWriter banner = json ? err : out;
            banner.println("OFFLINE: no instance answers at " + client.describe() + "; weights computed from "
                    + config.file() + " in one round with the plugins started offline (no health probes) and stopped"
                    + " again");
            banner.flush();
        }
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(view));
            out.flush();
        } else {
            ExplainRenderer.print(view, out);
        }
        return LbCommand.OK;
    }
}
