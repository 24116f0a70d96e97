package org.ebpflb.lab.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.Sandbox;

/**
 * The installed load balancer ({@code <lbHome>/bin/lb run -c FILE}) running inside the sandbox's LB namespace, and
 * the {@code lb} commands and admin API calls the demo makes there. The admin API listens on the LB namespace's
 * loopback, so every call goes through {@code ip netns exec}. The distribution's end-to-end tests drive the load
 * balancer through this class too.
 */
public final class DemoLoadBalancer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lb;
    private final Netns ns;
    private final NsProcess process;

    private DemoLoadBalancer(Path lb, Netns ns, NsProcess process) {
        this.lb = lb;
        this.ns = ns;
        this.process = process;
    }

    /**
     * @param sandbox the sandbox; its teardown stops the load balancer
     * @param lbHome the installation
     * @param config the configuration file
     * @return the started (not yet ready) load balancer
     */
    public static DemoLoadBalancer start(Sandbox sandbox, Path lbHome, Path config) {
        return start(sandbox, lbHome, config, "lb");
    }

    /**
     * @param sandbox the sandbox; its teardown stops the load balancer
     * @param lbHome the installation
     * @param config the configuration file
     * @param label names the process and its log files: a load balancer started again after a stop takes a new one,
     *     so the first run's log stays readable
     * @return the started (not yet ready) load balancer
     */
    public static DemoLoadBalancer start(Sandbox sandbox, Path lbHome, Path config, String label) {
        Path lb = launcher(lbHome);
        NsProcess p = sandbox.start(sandbox.lb(), label, List.of(lb.toString(), "run", "-c", config.toString()));
        return new DemoLoadBalancer(lb, sandbox.lb(), p);
    }

    /** @return the load balancer's process (group), to signal it or wait for its exit */
    public NsProcess process() {
        return process;
    }

    /**
     * @param lbHome the installation
     * @return its launcher
     */
    public static Path launcher(Path lbHome) {
        return lbHome.resolve("bin").resolve("lb").toAbsolutePath();
    }

    /**
     * Polls {@code GET /api/v1/status} until it answers.
     *
     * @param limit how long to wait
     * @throws CommandFailedException when the process exits first or the limit passes, with its log tail
     */
    public void awaitAdmin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (adminGet("/api/v1/status").isEmpty()) {
            if (!process.alive()) {
                throw new CommandFailedException("the load balancer exited before its admin API came up; log tail:"
                        + System.lineSeparator() + process.stderrTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("the admin API did not answer on " + DemoConfig.ADMIN_LISTEN
                        + " within " + limit.toSeconds() + "s; log tail:" + System.lineSeparator()
                        + process.stderrTail(30));
            }
            Netns.pause(Duration.ofMillis(300));
        }
    }

    /**
     * @param path an admin API path
     * @return the body of a successful GET, empty when it failed or the API is down
     */
    public Optional<String> adminGet(String path) {
        CommandResult r = ns.exec("curl", "-sS", "-f", "-m", "2", "http://" + DemoConfig.ADMIN_LISTEN + path)
                .within(Duration.ofSeconds(10)).run();
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    /**
     * @param service a service name
     * @return its default group's targets from {@code GET /api/v1/services/{service}/explain}, empty when the admin
     *     API does not answer
     * @throws CommandFailedException when the answer is not an explain trace
     */
    public List<TargetWeights> targets(String service) {
        String path = "/api/v1/services/" + service + "/explain";
        return adminGet(path).map(body -> parseTargets(path, body)).orElse(List.of());
    }

    /**
     * Polls a service's explain trace until one target satisfies a condition.
     *
     * @param service a service name
     * @param target the target, {@code ip:port}
     * @param condition what to wait for, e.g. {@code t -> t.effective() == 0}
     * @param limit how long to wait
     * @return the target as it satisfied the condition, empty when the limit passed first
     */
    public Optional<TargetWeights> awaitTarget(String service, String target, Predicate<TargetWeights> condition,
                                               Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<TargetWeights> now = targets(service).stream().filter(t -> t.target().equals(target))
                    .filter(condition).findFirst();
            if (now.isPresent() || System.nanoTime() > deadline) {
                return now;
            }
            Netns.pause(Duration.ofMillis(200));
        }
    }

    /**
     * @param source where the body came from, for the error message
     * @param body an explain trace (JSON)
     * @return its default group's targets
     */
    static List<TargetWeights> parseTargets(String source, String body) {
        JsonNode groups;
        try {
            groups = JSON.readTree(body).path("groups");
        } catch (IOException e) {
            throw new CommandFailedException(source + " answered something that is not an explain trace: " + body);
        }
        if (!groups.isArray()) {
            throw new CommandFailedException(source + " answered something that is not an explain trace: " + body);
        }
        List<TargetWeights> out = new ArrayList<>();
        for (JsonNode group : groups) {
            if (group.path("source").isNull() || group.path("source").isMissingNode()) {
                group.path("targets").forEach(row -> out.add(weights(row)));
                break;
            }
        }
        return out;
    }

    private static TargetWeights weights(JsonNode row) {
        List<TargetWeights.Factor> factors = new ArrayList<>();
        row.path("factors").forEach(f -> factors.add(new TargetWeights.Factor(f.path("modifier").asText(),
                f.path("value").asDouble(), f.path("reason").asText())));
        return new TargetWeights(row.path("target").asText(), row.path("base").asDouble(),
                row.path("effective").asDouble(), factors);
    }

    /**
     * @param args arguments of {@code lb}
     * @return what {@code lb ARGS} did inside the LB namespace
     */
    public CommandResult cli(String... args) {
        List<String> argv = new ArrayList<>(List.of(lb.toString()));
        argv.addAll(List.of(args));
        return ns.exec(argv).within(Duration.ofSeconds(60)).run();
    }

    /**
     * Reloads the configuration with {@code lb reload}; if that command fails, sends SIGHUP (its equivalent) to the
     * load balancer's JVM directly.
     *
     * @return how the reload was triggered, for the progress line
     */
    public String reload() {
        CommandResult r = cli("reload");
        if (r.ok()) {
            return "lb reload";
        }
        long jvm = jvmPid().orElseThrow(() -> new CommandFailedException(r));
        Command.of("kill", "-s", "HUP", Long.toString(jvm)).check();
        return "SIGHUP to pid " + jvm + " (lb reload failed: " + r.stderr().strip() + ")";
    }

    /** @return the tail of the load balancer's output, for failure messages */
    public String logTail() {
        return process.stderrTail(30);
    }

    // bin/lb may run java as a child instead of exec'ing it; SIGHUP must reach the JVM, not the shell.
    private Optional<Long> jvmPid() {
        return ProcessHandle.of(process.pid()).stream()
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

}
