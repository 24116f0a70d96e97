package org.ebpflb.runtime.cli;

import java.util.concurrent.Callable;
import org.ebpflb.runtime.demo.Demo;
import org.ebpflb.runtime.lifecycle.InstallDir;
import picocli.CommandLine.Command;

/** {@code lb demo}: the network-namespace sandbox of SPEC.md "The demo". */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Build a sandbox of network namespaces (client, load balancer, three backends), run this "
                + "installation's load balancer there with XDP attached, send real traffic and show what happened. "
                + "Needs root. Everything is torn down at the end, on Ctrl-C and on failure.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return Demo.run(System.out, InstallDir.home());
    }
}
