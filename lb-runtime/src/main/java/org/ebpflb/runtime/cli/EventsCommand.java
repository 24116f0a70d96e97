package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb events [--type TYPE]... [--json]}: follows the running instance's event stream. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Follow the running instance's events as they happen (health changes, weights applied, "
                + "drains, circuits, DNS, reloads, runtime changes), one line each, until Ctrl-C. A terminal that "
                + "falls far behind is dropped by the instance with a last line that says so (exit 2).")
final class EventsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "only these event types, e.g. TargetHealthChanged,DrainStarted (default: all)")
    private List<String> types = new ArrayList<>();

    @Option(names = "--json", description = "print each event's JSON as the admin API sends it")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        boolean[] dropped = {false};
        Optional<AdminClient.Reply> reply = client.stream("/api/v1/events",
                types.isEmpty() ? null : "type=" + String.join(",", types), line -> {
                    if (line.startsWith(": ebpf-lb events")) {
                        read("{}"); // loads the JSON mapper now, not when the first event is waiting for it
                        err.println("lb events: following " + client.describe() + (types.isEmpty() ? ""
                                : " (types " + String.join(", ", types) + ")"));
                        err.flush();
                    } else if (line.startsWith("data: ")) {
                        JsonNode event = read(line.substring(6));
                        dropped[0] |= event.path("type").asText().equals("dropped");
                        out.println(json ? line.substring(6) : render(event));
                        out.flush();
                    }
                });
        Optional<Integer> failed = client.failure("lb events", reply, err);
        if (failed.isPresent()) {
            return failed.get();
        }
        err.println("lb events: the instance ended the stream" + (dropped[0] ? " (this terminal fell behind)" : ""));
        err.flush();
        return LbCommand.RUNTIME_FAILURE;
    }

    /** {@code AT TYPE key=value ...}, the event's fields in the order the API sends them. */
    static String render(JsonNode event) {
        StringBuilder line = new StringBuilder(event.path("at").asText("-")).append("  ")
                .append(event.path("type").asText());
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            if (!field.getKey().equals("at") && !field.getKey().equals("type")) {
                JsonNode v = field.getValue();
                line.append("  ").append(field.getKey()).append('=').append(v.isValueNode() ? v.asText() : v);
            }
        }
        return line.toString();
    }

    private static JsonNode read(String data) {
        try {
            return Json.mapper().readTree(data);
        } catch (JsonProcessingException e) {
            return Json.mapper().createObjectNode().put("type", "unreadable").put("data", data);
        }
    }
}
