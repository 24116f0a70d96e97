package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.runtime.view.RuntimeChangeView;

/** Prints the answer to a runtime change the same way for every command that makes one. */
final class RuntimeChangeReply {
    private RuntimeChangeReply() {
    }

    /**
     * @param command e.g. {@code lb target add}
     * @param client the client that sent it
     * @param reply the answer, empty when nothing answered
     * @param out where an applied change is reported
     * @param err where a refusal and its reasons go
     * @return the exit code: 0 applied, 1 refused, 2 no instance or a server failure
     * @throws IOException when an answer is not the JSON it should be
     */
    static int print(String command, AdminClient client, Optional<AdminClient.Reply> reply, PrintWriter out,
                     PrintWriter err) throws IOException {
        if (reply.isPresent() && reply.get().status() == 200) {
            RuntimeChangeView view = reply.get().as(RuntimeChangeView.class);
            out.println("applied: " + view.change() + "; services changed: "
                    + (view.changedServices().isEmpty() ? "none" : String.join(", ", view.changedServices()))
                    + " (kept in " + view.overlay() + ")");
            out.flush();
            return LbCommand.OK;
        }
        Optional<Integer> failed = client.failure(command, reply, err);
        if (reply.isPresent() && reply.get().status() == 422) {
            JsonNode problems = Json.mapper().readTree(reply.get().body()).path("problems");
            problems.forEach(p -> err.println("  " + p.asText()));
            err.flush();
        }
        return failed.orElse(LbCommand.RUNTIME_FAILURE);
    }
}
