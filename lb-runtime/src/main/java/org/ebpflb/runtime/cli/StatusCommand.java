package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb status}: services, targets, effective weights and plugin sections from the admin API. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running instance: data plane, plugins, services with effective weights, and "
                + "each plugin's status section (health, DNS, drains).")
final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Option(names = "--json", description = "print the JSON the admin API returns")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        Optional<AdminClient.Reply> reply = client.get("/api/v1/status");
        if (reply.isEmpty()) {
            err.println("lb status: no ebpf-lb instance answers at " + client.describe()
                    + " (start one with 'lb run', or point -c at its configuration)");
            err.flush();
            return LbCommand.RUNTIME_FAILURE;
        }
        if (reply.get().status() != 200) {
            err.println("lb status: " + reply.get().error());
            err.flush();
            return LbCommand.RUNTIME_FAILURE;
        }
        if (json) {
            out.println(reply.get().body());
            out.flush();
        } else {
            StatusRenderer.print(reply.get().as(StatusView.class), out);
        }
        return LbCommand.OK;
    }
}
