package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb drains}: every drain of the running instance (the drain plugin). */
@Command(name = "drains", mixinStandardHelpOptions = true,
        description = "List the drained targets: state (draining, completed, timeout), active connections, "
                + "elapsed time and timeout.")
final class DrainsCommand implements Callable<Integer> {
    /** The drain plugin's list route. */
    static final String LIST_PATH = "/api/v1/drains";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Option(names = "--json", description = "print the JSON the admin API returns")
    private boolean json;

    /**
     * @param list the answer of {@link #LIST_PATH}
     * @param service a service name
     * @param target ip:port as the operator wrote it
     * @return that target's drain, if listed
     */
    static Optional<JsonNode> find(JsonNode list, String service, String target) {
        for (JsonNode d : list.path("drains")) {
            if (d.path("service").asText().equals(service) && d.path("target").asText().equals(target)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        Optional<AdminClient.Reply> reply = client.get(LIST_PATH);
        Optional<Integer> failed = client.failure("lb drains", reply, err);
        if (failed.isPresent()) {
            return failed.get();
        }
        if (json) {
            out.println(reply.get().body());
            out.flush();
            return LbCommand.OK;
        }
        JsonNode list = Json.mapper().readTree(reply.get().body());
        if (list.path("drains").isEmpty()) {
            out.println("no drains");
        } else {
            TextTable table = new TextTable(List.of("SERVICE", "TARGET", "STATE", "ACTIVE", "ELAPSED", "TIMEOUT",
                    "ON-TIMEOUT", "KEPT"));
            for (JsonNode d : list.path("drains")) {
                table.row(List.of(d.path("service").asText(), d.path("target").asText(), d.path("state").asText(),
                        d.path("active").isNumber() ? d.path("active").asText() : "-", d.path("elapsed").asText(),
                        d.path("timeout").asText(), d.path("on-timeout").asText(),
                        d.path("kept-across-restart").asBoolean() ? "yes" : "no"));
            }
            table.print(out, "");
        }
        if (!list.path("kept-across-restart").asBoolean()) {
            out.println("note: this data plane keeps no pinned state; drains end with the control plane");
        }
        out.flush();
        return LbCommand.OK;
    }
}
