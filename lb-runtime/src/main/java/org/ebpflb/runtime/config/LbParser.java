package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;

/** Validates a resolved configuration (the operator's file over reference.conf) and builds the {@link LbConfig}. */
final class LbParser {
    /** The instance names a directory under the pin root. */
    private static final String INSTANCE = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private final Path source;
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();
    private final Problems problems;
    private final Values values;
    private final List<String> warnings;
    private final long fallbackTableSize;

    /**
     * @param source the configuration file as the operator named it
     * @param plugins the loaded plugins
     * @param problems receives problems
     * @param warnings receives advice that leaves the configuration valid
     * @param fallbackTableSize the default table size to check services with when {@code lb.dataplane} is invalid
     */
    LbParser(Path source, List<Plugin> plugins, Problems problems, List<String> warnings, long fallbackTableSize) {
        this.source = source;
        plugins.forEach(p -> this.plugins.putIfAbsent(p.id(), p));
        this.problems = problems;
        this.values = new Values(problems);
        this.warnings = warnings;
        this.fallbackTableSize = fallbackTableSize;
    }

    /**
     * @param config the resolved configuration
     * @return the configuration, when nothing is wrong with it
     */
    Optional<LbConfig> parse(Config config) {
        UnknownKeys.check(config.root(), RuntimeKeys.FILE, problems);
        return values.object(config.root(), "lb").flatMap(this::parseLb);
    }

    private Optional<LbConfig> parseLb(ConfigObject lb) {
        UnknownKeys.check(lb, RuntimeKeys.LB, problems);
        new TreeSet<>(RuntimeKeys.LB).forEach(key -> values.require(lb, key));
        Optional<String> instance = values.string(lb, "instance").filter(name -> validInstance(lb, name));
        Optional<Path> pluginDir = values.path(lb, "plugin-dir");
        Path configDir = source.toAbsolutePath().getParent();
        Optional<AdminSettings> admin = values.object(lb, "admin").flatMap(new AdminParser(problems, configDir)::parse);
        Optional<DataplaneSettings> dataplane = values.object(lb, "dataplane")
                .flatMap(new DataplaneParser(problems)::parse);
        Optional<ConfigObject> pluginSettings = values.object(lb, "plugins");
        Set<String> disabled = pluginSettings.map(new PluginsSection(plugins, problems)::check).orElse(Set.of());
        long tableSize = dataplane.map(DataplaneSettings::tableSize).map(Integer::longValue).orElse(fallbackTableSize);
        List<ServiceSpec> services = services(lb, keyOwners(disabled), tableSize);
        if (problems.count() != 0) {
            return Optional.empty();
        }
        return Optional.of(new LbConfig(source, instance.orElseThrow(), pluginDir.orElseThrow(), admin.orElseThrow(),
                dataplane.orElseThrow(), pluginSettings.orElseThrow().toConfig(), services));
    }

    private boolean validInstance(ConfigObject lb, String name) {
        if (name.matches(INSTANCE)) {
            return true;
        }
        problems.add(lb.get("instance").origin(), "instance '" + name + "' names a directory under pin-root, so it "
                + "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
        return false;
    }

    private List<ServiceSpec> services(ConfigObject lb, KeyOwners keyOwners, long defaultTableSize) {
        Optional<ConfigList> list = values.list(lb, "services");
        ServiceParser parser = new ServiceParser(problems, keyOwners, defaultTableSize, warnings);
        List<ParsedService> parsed = list.stream().flatMap(List::stream)
                .map(parser::parse).flatMap(Optional::stream).toList();
        DuplicateServices.check(parsed, problems);
        ListenClashes.check(parsed, problems);
        parsed.forEach(service -> PluginValidation.run(service, problems));
        return parsed.stream().map(ParsedService::spec).flatMap(Optional::stream).toList();
    }

    /** Declarations of enabled plugins own keys; those of disabled ones only make their keys known. */
    private KeyOwners keyOwners(Set<String> disabled) {
        List<KeyOwners.Owner> enabled = new ArrayList<>();
        List<KeyOwners.Owner> off = new ArrayList<>();
        for (Plugin plugin : plugins.values()) {
            List<ConfigKeys> declared;
            try {
                declared = plugin.configKeys();
            } catch (RuntimeException e) {
                problems.add(new ConfigProblem("plugin " + plugin.id(), -1, "cannot declare its config keys: " + e));
                continue;
            }
            declared.forEach(keys -> (disabled.contains(plugin.id()) ? off : enabled)
                    .add(new KeyOwners.Owner(plugin.id(), keys)));
        }
        return new KeyOwners(enabled, off);
    }
}
