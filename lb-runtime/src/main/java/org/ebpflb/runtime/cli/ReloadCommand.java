package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.ReloadView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb reload}: ask the running instance to reload its configuration file (what SIGHUP does). */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Ask the running instance to reload its configuration file, like SIGHUP, and wait until the "
                + "data plane has it. A file that is invalid, changes a setting only a restart applies, or that the "
                + "data plane refuses is rejected with its problems, and the running configuration stays.")
final class ReloadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Option(names = "--allow-remove-all", description = "Apply the reload even when it removes every running "
            + "service (refused otherwise: an emptied or truncated file looks just like that).")
    private boolean allowRemoveAll;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        Optional<AdminClient.Reply> reply = client.post("/api/v1/reload", Map.of("allowRemoveAll", allowRemoveAll));
        if (reply.isEmpty()) {
            err.println("lb reload: no ebpf-lb instance answers at " + client.describe());
            err.flush();
            return LbCommand.RUNTIME_FAILURE;
        }
        AdminClient.Reply r = reply.get();
        if (r.status() == 200) {
            ReloadView view = r.as(ReloadView.class);
            out.println("reloaded and applied; services changed: "
                    + (view.changedServices().isEmpty() ? "none" : String.join(", ", view.changedServices())));
            out.flush();
            return LbCommand.OK;
        }
        err.println("lb reload: " + r.error());
        if (r.status() == 422) {
            JsonNode problems = Json.mapper().readTree(r.body()).path("problems");
            problems.forEach(p -> err.println(p.asText()));
        }
        err.flush();
        return r.status() >= 500 ? LbCommand.RUNTIME_FAILURE : LbCommand.BAD_INPUT;
    }
}
