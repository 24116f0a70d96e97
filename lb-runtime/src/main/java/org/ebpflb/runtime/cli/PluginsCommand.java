package org.ebpflb.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ebpflb.runtime.lifecycle.LoadedConfig;
import org.ebpflb.runtime.plugin.PluginLoadException;
import org.ebpflb.runtime.plugin.PluginManager;
import org.ebpflb.runtime.view.PluginView;
import org.ebpflb.runtime.view.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lb plugins}: the plugins discovered on disk (built-ins and plugin directories), without starting them.
 * When the configured instance runs, its live state and contributions are shown for the plugins it loaded from the
 * same place; otherwise the contributions each plugin declares.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List discovered plugins: id, version, where each was loaded from and what it contributes.")
final class PluginsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = LoadedConfig.load(config.file());
        } catch (PluginLoadException e) {
            err.println("lb plugins: " + e.getMessage());
            err.flush();
            return LbCommand.BAD_INPUT;
        }
        List<PluginView> onDisk = PluginManager.unstarted(loaded.catalog(), loaded.settings().operatorPlugins())
                .stream().map(Views::plugin).toList();
        AdminClient client = AdminClient.of(loaded.settings(), err);
        Optional<Map<String, PluginView>> live = live(client);
        List<PluginView> shown = live.map(l -> onDisk.stream().map(p -> merge(p, l.get(p.id()))).toList())
                .orElse(onDisk);
        PluginsRenderer.print(shown, out);
        out.println(live.isPresent() ? "states and contributions from the instance at " + client.describe()
                : "no instance answers at " + client.describe() + ": states and contributions as installed and "
                        + "declared by each plugin");
        if (!loaded.result().problems().isEmpty()) {
            out.println("the configuration has problems (see lb validate)");
        }
        out.flush();
        return LbCommand.OK;
    }

    private static Optional<Map<String, PluginView>> live(AdminClient client) throws IOException,
            InterruptedException {
        Optional<AdminClient.Reply> reply = client.get("/api/v1/plugins");
        if (reply.isEmpty() || reply.get().status() != 200) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(reply.get().as(PluginView[].class))
                .collect(Collectors.toMap(PluginView::id, Function.identity())));
    }

    /** The running instance's record, when it loaded this very plugin; else what is on disk, marked as such. */
    private static PluginView merge(PluginView onDisk, PluginView live) {
        if (live != null && live.location().equals(onDisk.location()) && live.version().equals(onDisk.version())) {
            return live;
        }
        return new PluginView(onDisk.id(), onDisk.version(), onDisk.apiVersion(), onDisk.location(),
                onDisk.state() + (live == null ? " (not in the running instance)" : " (instance runs another copy)"),
                onDisk.error(), onDisk.required(), onDisk.modifiers(), onDisk.sources(), onDisk.routes(),
                onDisk.statusSections(), onDisk.configKeys());
    }
}
