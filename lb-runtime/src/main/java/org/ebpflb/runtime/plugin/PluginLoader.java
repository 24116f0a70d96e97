package org.ebpflb.runtime.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.ebpflb.api.spi.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers plugins (DESIGN section 5): built-ins are {@link Plugin} providers in the base layer (the boot layer in
 * production); each directory under the plugin directory becomes one child layer. Fails loudly, naming the place,
 * for a directory without a provider, an id that differs from its directory name, and an id found twice.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final ModuleLayer base;
    private final PluginDirectoryLayer directories;

    /**
     * @param base the layer whose providers are the built-ins and which every plugin layer links against
     * @param jackson the JSON module plugin packages are opened to, when it is a named module
     */
    public PluginLoader(ModuleLayer base, Optional<Module> jackson) {
        this.base = base;
        this.directories = new PluginDirectoryLayer(base, jackson);
    }

    /**
     * @param pluginDir the plugin directory; absent means no directory plugins
     * @param operatorPlugins the operator's {@code lb.plugins} subtree
     * @return every plugin found
     * @throws PluginLoadException on the first plugin that cannot be loaded
     */
    public PluginCatalog discover(Path pluginDir, Config operatorPlugins) throws PluginLoadException {
        Map<String, DiscoveredPlugin> byId = new LinkedHashMap<>();
        List<PluginCatalog.DisabledDirectory> disabled = new ArrayList<>();
        for (Plugin plugin : builtIns()) {
            add(byId, describe(plugin, DiscoveredPlugin.BUILT_IN));
        }
        for (Path dir : directories(pluginDir)) {
            String name = dir.getFileName().toString();
            if (disabledByOperator(name, operatorPlugins)) {
                disabled.add(new PluginCatalog.DisabledDirectory(name, dir.toString()));
                continue;
            }
            for (Plugin plugin : directories.load(dir)) {
                DiscoveredPlugin found = describe(plugin, dir.toString());
                if (!found.id().equals(name)) {
                    throw new PluginLoadException("plugin directory " + dir + " holds plugin '" + found.id()
                            + "'; a plugin's directory must be named after its id (rename it to " + found.id() + ")");
                }
                add(byId, found);
            }
        }
        return new PluginCatalog(List.copyOf(byId.values()), disabled);
    }

    private List<Plugin> builtIns() throws PluginLoadException {
        try {
            return ServiceLoader.load(base, Plugin.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == base)
                    .map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("a built-in plugin cannot be instantiated", e);
        }
    }

    private static List<Path> directories(Path pluginDir) throws PluginLoadException {
        if (pluginDir == null || !Files.isDirectory(pluginDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(pluginDir)) {
            List<Path> all = entries.filter(e -> !e.getFileName().toString().startsWith(".")).sorted().toList();
            all.stream().filter(e -> e.getFileName().toString().endsWith(".jar")).forEach(jar -> LOG.warn(
                    "{} lies directly in the plugin directory and is ignored: a plugin goes in its own directory,"
                            + " {}/<plugin id>/", jar, pluginDir));
            return all.stream().filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new PluginLoadException("plugin directory " + pluginDir + " cannot be read", e);
        }
    }

    private static boolean disabledByOperator(String id, Config operatorPlugins) throws PluginLoadException {
        try {
            return PluginSettings.disabledByOperator(id, operatorPlugins);
        } catch (ConfigException e) {
            throw new PluginLoadException("lb.plugins." + id + " is invalid", e);
        }
    }

    private static void add(Map<String, DiscoveredPlugin> byId, DiscoveredPlugin found) throws PluginLoadException {
        DiscoveredPlugin other = byId.putIfAbsent(found.id(), found);
        if (other != null) {
            throw new PluginLoadException("plugin id '" + found.id() + "' is provided twice: by " + other.location()
                    + " (" + other.plugin().getClass().getName() + ") and by " + found.location() + " ("
                    + found.plugin().getClass().getName() + "); remove one");
        }
    }

    private static DiscoveredPlugin describe(Plugin plugin, String location) throws PluginLoadException {
        String id;
        try {
            id = plugin.id();
        } catch (RuntimeException e) {
            throw new PluginLoadException("plugin " + plugin.getClass().getName() + " from " + location
                    + " failed to report its id", e);
        }
        if (id == null || !id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new PluginLoadException("plugin " + plugin.getClass().getName() + " from " + location
                    + " has id '" + id + "'; ids are kebab-case (lower-case letters, digits, dashes)");
        }
        Module module = plugin.getClass().getModule();
        String version = module.getDescriptor() == null ? "unknown"
                : module.getDescriptor().rawVersion().orElse("unknown");
        String api = ApiCompatibility.compiledAgainst(plugin);
        Optional<String> incompatible = ApiCompatibility.problem(api, ApiCompatibility.runtime());
        if (incompatible.isPresent()) {
            throw new PluginLoadException("plugin " + id + " " + version + " from " + location + " "
                    + incompatible.get());
        }
        return new DiscoveredPlugin(plugin, id, version, api, location, defaults(module, id, location));
    }

    private static Config defaults(Module module, String id, String location) throws PluginLoadException {
        try (InputStream in = module.getResourceAsStream("reference.conf")) {
            if (in == null) {
                return ConfigFactory.empty();
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                Config reference = ConfigFactory.parseReader(reader, ConfigParseOptions.defaults()
                        .setOriginDescription("reference.conf of plugin " + id + " (" + location + ")")).resolve();
                String path = "lb.plugins." + ConfigUtil.joinPath(id);
                return reference.hasPath(path) ? reference.getConfig(path) : ConfigFactory.empty();
            }
        } catch (IOException | ConfigException e) {
            throw new PluginLoadException("reference.conf of plugin " + id + " (" + location + ") is unreadable", e);
        }
    }
}
