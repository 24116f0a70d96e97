package org.ebpflb.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebpflb.runtime.view.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lb drain SERVICE IP:PORT [--timeout 30s] [--on-timeout keep|reset] [--wait]} (the drain plugin). */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Take a target out of new connections while its established ones finish (drain plugin). "
                + "It stays out until 'lb undrain'. With --wait, exit 0 when its last connection closed, 1 when "
                + "the timeout passed first.")
final class DrainCommand implements Callable<Integer> {
    /** How often --wait asks. */
    private static final Duration POLL = Duration.ofMillis(500);

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetArguments target;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "how long established connections may take, e.g. 30s (default: the service's "
                    + "drain-timeout, else lb.plugins.drain.default-timeout)")
    private String timeout;

    @Option(names = "--on-timeout", paramLabel = "keep|reset",
            description = "at the timeout, keep the remaining connections or reset them (default: "
                    + "lb.plugins.drain.on-timeout)")
    private String onTimeout;

    @Option(names = "--wait", description = "wait until the drain completed (exit 0) or timed out (exit 1)")
    private boolean await;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = target.admin(err);
        Map<String, Object> body = new LinkedHashMap<>();
        if (timeout != null) {
            body.put("timeout", timeout);
        }
        if (onTimeout != null) {
            body.put("on-timeout", onTimeout);
        }
        Optional<AdminClient.Reply> reply = client.post(target.path("drain"), body);
        Optional<Integer> failed = client.failure("lb drain", reply, err);
        if (failed.isPresent()) {
            return failed.get();
        }
        JsonNode drain = Json.mapper().readTree(reply.get().body());
        out.println((drain.path("created").asBoolean() ? "draining " : "already drained: ") + target.label()
                + ": " + drain.path("reason").asText()
                + (drain.path("kept-across-restart").asBoolean() ? "" : " (NOT kept across a restart)")
                + (!drain.path("created").asBoolean() || drain.path("tables-applied").asBoolean() ? ""
                        : " (no new tables seen within 3s: the target may have had no weight already)"));
        out.flush();
        return await ? await(client, out, err) : LbCommand.OK;
    }

    private int await(AdminClient client, PrintWriter out, PrintWriter err) throws IOException,
            InterruptedException {
        String last = "";
        while (true) {
            Optional<AdminClient.Reply> reply = client.get(DrainsCommand.LIST_PATH);
            Optional<Integer> failed = client.failure("lb drain --wait", reply, err);
            if (failed.isPresent()) {
                return failed.get();
            }
            Optional<JsonNode> drain = DrainsCommand.find(Json.mapper().readTree(reply.get().body()),
                    target.service(), target.target());
            if (drain.isEmpty()) {
                err.println("lb drain --wait: " + target.label() + " is no longer drained (undrained, or "
                        + "removed from the configuration)");
                err.flush();
                return LbCommand.BAD_INPUT;
            }
            String reason = drain.get().path("reason").asText();
            if (!reason.equals(last)) {
                out.println(reason);
                out.flush();
                last = reason;
            }
            switch (drain.get().path("state").asText()) {
                case "completed" -> {
                    return LbCommand.OK;
                }
                case "timeout" -> {
                    return LbCommand.BAD_INPUT;
                }
                default -> Thread.sleep(POLL.toMillis());
            }
        }
    }
}
