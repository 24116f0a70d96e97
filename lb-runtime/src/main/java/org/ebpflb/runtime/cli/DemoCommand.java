package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.spi.ToolProvider;
import org.ebpflb.runtime.lifecycle.InstallDir;
import picocli.CommandLine.Command;

/**
 * {@code lb demo}: runs the lab's demo (a {@link ToolProvider} named {@value #TOOL}), which the launcher puts on the
 * module path from the distribution's {@code lab/} for this command only; the runtime itself never depends on it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Build a sandbox of network namespaces (client, load balancer, three backends), run this "
                + "installation's load balancer there with XDP attached, send real traffic and show what happened. "
                + "Needs root. Everything is torn down at the end, on Ctrl-C and on failure.")
final class DemoCommand implements Callable<Integer> {
    /** The lab's demo tool. */
    static final String TOOL = "lb-demo";

    @Override
    public Integer call() {
        Optional<ToolProvider> demo = ToolProvider.findFirst(TOOL);
        if (demo.isEmpty()) {
            System.out.println("lb demo: the lab is not installed (no " + InstallDir.resolve("lab")
                    + " on the module path); run bin/lb demo from an unpacked ebpf-lb distribution");
            return LbCommand.RUNTIME_FAILURE;
        }
        return demo.get().run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                InstallDir.home().toString());
    }
}
