package org.ebpflb.plugin.dnsregistration;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.settings.Durations;

/**
 * Runs the operator's {@code replace-command} for one node, with the node's address appended: where a cloud CLI
 * destroys the instance and creates its replacement.
 */
final class ReplaceCommand {
    private static final int OUTPUT_TAIL = 2000;

    private final List<String> argv;
    private final Duration timeout;

    /**
     * @param argv the command, without the address
     * @param timeout how long it may run
     */
    ReplaceCommand(List<String> argv, Duration timeout) {
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
    }

    /**
     * @param node the node to replace
     * @throws IOException when the command cannot start, fails, or overruns its timeout (it is then killed)
     * @throws InterruptedException when interrupted while waiting
     */
    void run(InetAddress node) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(argv);
        command.add(IpAddresses.format(node));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Thread.Builder reader = Thread.ofVirtual().name("replace-command-output");
        StringBuilder output = new StringBuilder();
        Thread drain = reader.start(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e.getMessage()).append(')');
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + Durations.format(timeout));
        }
        drain.join(Duration.ofSeconds(5));
        if (p.exitValue() != 0) {
            String tail = output.length() > OUTPUT_TAIL ? output.substring(output.length() - OUTPUT_TAIL)
                    : output.toString();
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + tail.strip());
        }
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
