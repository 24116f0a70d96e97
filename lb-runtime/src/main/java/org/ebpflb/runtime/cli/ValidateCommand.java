package org.ebpflb.runtime.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.lifecycle.LoadedConfig;
import org.ebpflb.runtime.plugin.PluginLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lb validate}: load plugins, parse and validate, print every problem; changes nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Load plugins, parse and validate the configuration, print every problem as FILE:LINE: "
                + "message. Changes nothing.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = LoadedConfig.load(config.file());
        } catch (PluginLoadException e) {
            err.println(config.file() + ": " + e.getMessage());
            err.flush();
            return LbCommand.BAD_INPUT;
        }
        if (!loaded.result().problems().isEmpty()) {
            loaded.result().problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.flush();
            return LbCommand.BAD_INPUT;
        }
        LbConfig valid = loaded.result().config().orElseThrow();
        int plugins = loaded.catalog().enabled(valid.plugins()).size();
        out.println("OK: " + valid.services().size() + " services, " + plugins + " plugins");
        out.flush();
        return LbCommand.OK;
    }
}
