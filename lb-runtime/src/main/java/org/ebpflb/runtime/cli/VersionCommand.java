package org.ebpflb.runtime.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ebpflb.api.ApiVersion;
import org.ebpflb.bpf.KernelDataPlane;
import org.ebpflb.runtime.lifecycle.RuntimeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lb version}: ebpf-lb version, plugin API version, kernel release, libbpf version. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the ebpf-lb version, the plugin API version and the kernel release.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return LbCommand.OK;
    }

    static List<String> lines() {
        return List.of("ebpf-lb " + RuntimeVersion.ebpfLb(), "plugin API " + ApiVersion.current(),
                "kernel " + RuntimeVersion.kernel(), "libbpf " + libbpf());
    }

    /** The version of the system libbpf the data plane binds to, or why it cannot be loaded. */
    private static String libbpf() {
        try {
            return KernelDataPlane.libbpfVersion();
        } catch (RuntimeException | LinkageError e) {
            return "not loadable (" + e.getMessage() + ")";
        }
    }

    /** Answers {@code --version} with the same lines. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines().toArray(String[]::new);
        }
    }
}
