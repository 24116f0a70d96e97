package org.ebpflb.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lb}, the ebpf-lb command line (docs/OPERATING.md, "Commands"). Exit codes: 0 ok, 1 bad input, 2 runtime failure.
 */
@Command(name = "lb", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "ebpf-lb: a layer-4 load balancer with an eBPF data plane and plugins.",
        subcommands = {RunCommand.class, ValidateCommand.class, PluginsCommand.class, ExplainCommand.class,
            StatusCommand.class, ReloadCommand.class, DrainCommand.class, UndrainCommand.class, DrainsCommand.class,
            CircuitCommand.class, DnsCommand.class, StopCommand.class, DemoCommand.class, VersionCommand.class,
            CommandLine.HelpCommand.class,
            TargetCommand.class, ServiceCommand.class, RuntimeCommand.class, EventsCommand.class,
            ConnectionsCommand.class})
public final class LbCommand implements Callable<Integer> {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: bad input (options, configuration, plugins, a refused request). */
    public static final int BAD_INPUT = 1;
    /** Exit code: failure at run time (no instance answers, data plane, a required plugin). */
    public static final int RUNTIME_FAILURE = 2;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the CLI and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the configured command line; tests set its output writers and call {@code execute} */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LbCommand());
        configure(cl);
        return cl;
    }

    private static void configure(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(BAD_INPUT);
        cl.getCommandSpec().exitCodeOnExecutionException(RUNTIME_FAILURE);
        cl.getSubcommands().values().forEach(LbCommand::configure);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }
}
