package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lb connections}: the live connections of one service or of all, from the data plane's connection table. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "List live connections (client, service address, target, state, age, idle, payload bytes each "
                + "way) with their total, oldest or largest first.")
final class ConnectionsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "one service (default: all)")
    private String service;

    @Option(names = "--target", paramLabel = "IP:PORT", description = "only connections to this target")
    private String target;

    @Option(names = "--sort", paramLabel = "age|bytes", defaultValue = "age",
            description = "age: oldest first (default); bytes: most payload bytes first")
    private String sort;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "connections shown per service (1 to 1000, default 100); the total counts them all")
    private int limit;

    @Option(names = "--json", description = "print the JSON the admin API returns (an array of pages)")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = config.admin(err);
        List<String> services = new ArrayList<>();
        if (service != null) {
            services.add(service);
        } else {
            Optional<AdminClient.Reply> list = client.get("/api/v1/services");
            Optional<Integer> failed = client.failure("lb connections", list, err);
            if (failed.isPresent()) {
                return failed.get();
            }
            Json.mapper().readTree(list.get().body()).forEach(s -> services.add(s.path("name").asText()));
        }
        ArrayNode pages = Json.mapper().createArrayNode();
        for (String name : services) {
            Optional<AdminClient.Reply> reply = client.get("/api/v1/services/" + name + "/connections", query());
            Optional<Integer> failed = client.failure("lb connections", reply, err);
            if (failed.isPresent()) {
                return failed.get();
            }
            pages.add(Json.mapper().readTree(reply.get().body()));
        }
        if (json) {
            out.println(pages);
        } else {
            print(pages, out);
        }
        out.flush();
        return LbCommand.OK;
    }

    private String query() {
        return "sort=" + sort + "&limit=" + limit + (target == null ? "" : "&target=" + target);
    }

    private static void print(ArrayNode pages, PrintWriter out) {
        TextTable table = new TextTable(List.of("SERVICE", "CLIENT", "SERVICE-ADDRESS", "TARGET", "STATE", "AGE",
                "IDLE", "BYTES-IN", "BYTES-OUT"));
        long total = 0;
        int shown = 0;
        for (JsonNode page : pages) {
            total += page.path("total").asLong();
            for (JsonNode c : page.path("connections")) {
                shown++;
                table.row(List.of(page.path("service").asText(), c.path("client").asText(),
                        c.path("service-address").asText(), c.path("target").asText(), c.path("state").asText(),
                        duration(c.path("age-ms").asLong()), duration(c.path("idle-ms").asLong()),
                        c.path("bytes-from-client").asText(), c.path("bytes-to-client").asText()));
            }
        }
        if (shown > 0) {
            table.print(out, "");
        }
        out.println("total: " + total + " connection" + (total == 1 ? "" : "s")
                + (shown < total ? " (" + shown + " shown)" : ""));
    }

    private static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
                : d.toSeconds() + "." + d.toMillisPart() / 100 + "s";
    }
}
