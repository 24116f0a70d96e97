package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebpflb.bpf.KernelDataPlane;
import org.ebpflb.runtime.lifecycle.BootstrapSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lb stop --detach}: removes what a stopped instance left in the kernel. A stopped instance keeps forwarding
 * established connections from its pinned maps by design; this is how an operator takes it out for good.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "With --detach: detach the XDP and TC programs of an instance that is not running and remove "
                + "its pinned maps (<pin-root>/ebpf-lb/<instance>). Run it in the network namespace the instance "
                + "ran in.")
final class StopCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Option(names = "--detach", description = "detach programs and remove pinned state")
    private boolean detach;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!detach) {
            err.println("lb stop: say --detach; a running instance stops with SIGTERM and keeps its pinned state");
            err.flush();
            return LbCommand.BAD_INPUT;
        }
        BootstrapSettings settings = BootstrapSettings.read(config.file());
        AdminClient client = AdminClient.of(settings, err);
        if (client.get("/api/v1/status").isPresent()) {
            err.println("lb stop --detach: instance '" + settings.instance() + "' is running (its admin API answers at "
                    + client.describe() + "); stop it first");
            err.flush();
            return LbCommand.BAD_INPUT;
        }
        List<String> removed = KernelDataPlane.detach(settings.pinRoot(), settings.instance());
        if (removed.isEmpty()) {
            out.println("nothing to detach for instance '" + settings.instance() + "' under " + settings.pinRoot());
        } else {
            removed.forEach(out::println);
        }
        out.flush();
        return LbCommand.OK;
    }
}
