package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lb circuit SERVICE IP:PORT open|close|reset} (the circuit-breaker plugin). */
@Command(name = "circuit", mixinStandardHelpOptions = true,
        description = "Force a target's circuit open (no new connections) or closed (errors ignored) until reset; "
                + "reset returns it to the breaker, closed with no errors counted (circuit-breaker plugin).")
final class CircuitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetArguments target;

    @Parameters(index = "2", paramLabel = "open|close|reset", description = "what to do")
    private String action;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = target.admin(err);
        Optional<AdminClient.Reply> reply = client.post(target.path("circuit/" + action));
        Optional<Integer> failed = client.failure("lb circuit", reply, err);
        if (failed.isPresent()) {
            return failed.get();
        }
        JsonNode c = Json.mapper().readTree(reply.get().body());
        out.println("circuit " + target.label() + ": " + c.path("state").asText()
                + (c.path("forced").asBoolean() ? " (forced)" : "") + ", " + c.path("reason").asText());
        out.flush();
        return LbCommand.OK;
    }
}
