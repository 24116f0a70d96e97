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
import picocli.CommandLine.Spec;

/** {@code lb undrain SERVICE IP:PORT}: the target takes new connections again (the drain plugin). */
@Command(name = "undrain", mixinStandardHelpOptions = true,
        description = "End a target's drain: it takes new connections again. A drain still waiting is cancelled.")
final class UndrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetArguments target;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = target.admin(err);
        Optional<AdminClient.Reply> reply = client.delete(target.path("drain"));
        Optional<Integer> failed = client.failure("lb undrain", reply, err);
        if (failed.isPresent()) {
            return failed.get();
        }
        JsonNode drain = Json.mapper().readTree(reply.get().body());
        out.println("undrained " + target.label() + " (the drain was " + drain.path("state").asText()
                + (drain.path("ended").asText().equals("cancelled") ? ", now cancelled" : "") + ")");
        out.flush();
        return LbCommand.OK;
    }
}
