package org.ebpflb.runtime.plugin;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebpflb.api.spi.Plugin;

/**
 * Turns one {@code plugins/<id>/} directory (the plugin's JAR plus its own dependencies) into a child module layer
 * with one class loader per module, and returns the plugins its modules provide. Modules the parent layers already
 * hold (lb-api, slf4j, ...) are left out of the directory's finder, so a plugin that ships its own copy still links
 * against the runtime's, which is what makes its {@link Plugin} the same interface.
 */
final class PluginDirectoryLayer {
    private final ModuleLayer parent;
    private final Set<String> parentModules;

    /**
     * @param parent the layer plugins link against (the boot layer in production)
     */
    PluginDirectoryLayer(ModuleLayer parent) {
        this.parent = parent;
        this.parentModules = namesIn(parent);
    }

    /**
     * @param dir the plugin directory
     * @return the plugins provided by modules of that directory, at least one
     * @throws PluginLoadException when the directory cannot become a layer or provides no plugin
     */
    List<Plugin> load(Path dir) throws PluginLoadException {
        ModuleFinder all = modulesIn(dir);
        ModuleFinder finder = new ExcludingFinder(all, parentModules);
        Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer layer;
        try {
            Configuration cf = parent.configuration().resolve(finder, ModuleFinder.of(), roots);
            layer = ModuleLayer.defineModulesWithManyLoaders(cf, List.of(parent),
                    PluginDirectoryLayer.class.getClassLoader()).layer();
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new PluginLoadException("plugin directory " + dir + " cannot be loaded", e);
        }
        List<ServiceLoader.Provider<Plugin>> providers = ServiceLoader.load(layer, Plugin.class).stream()
                .filter(p -> p.type().getModule().getLayer() == layer).toList();
        if (providers.isEmpty()) {
            Optional<String> shadowed = shadowedPlugin(all);
            if (shadowed.isPresent()) {
                throw new PluginLoadException("plugin directory " + dir + " holds plugin module " + shadowed.get()
                        + ", which is already loaded as a built-in (from the runtime's module path); remove one");
            }
            throw new PluginLoadException("plugin directory " + dir + " holds no plugin: none of its modules "
                    + roots + " declares 'provides " + Plugin.class.getName() + " with ...'");
        }
        try {
            return providers.stream().map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("plugin directory " + dir + ": the plugin cannot be instantiated", e);
        }
    }

    private static ModuleFinder modulesIn(Path dir) throws PluginLoadException {
        Path[] jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toArray(Path[]::new);
        } catch (IOException e) {
            throw new PluginLoadException("plugin directory " + dir + " cannot be read", e);
        }
        if (jars.length == 0) {
            throw new PluginLoadException("plugin directory " + dir + " holds no JAR file");
        }
        try {
            ModuleFinder all = ModuleFinder.of(jars);
            all.findAll(); // reads every descriptor now, so a broken JAR is reported here with its directory
            return all;
        } catch (FindException e) {
            throw new PluginLoadException("plugin directory " + dir + " holds an unreadable module", e);
        }
    }

    /** A plugin module of the directory that the parent layers already hold under the same name. */
    private Optional<String> shadowedPlugin(ModuleFinder all) {
        return all.findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> parentModules.contains(d.name()))
                .filter(d -> d.provides().stream().anyMatch(p -> p.service().equals(Plugin.class.getName())))
                .map(ModuleDescriptor::name).findFirst();
    }

    private static Set<String> namesIn(ModuleLayer layer) {
        Set<String> names = new HashSet<>();
        layer.modules().forEach(m -> names.add(m.getName()));
        layer.parents().forEach(p -> names.addAll(namesIn(p)));
        return names;
    }

    /** Hides the modules the parent layers already provide. */
    private record ExcludingFinder(ModuleFinder delegate, Set<String> excluded) implements ModuleFinder {
        @Override
        public Optional<ModuleReference> find(String name) {
            return excluded.contains(name) ? Optional.empty() : delegate.find(name);
        }

        @Override
        public Set<ModuleReference> findAll() {
            return delegate.findAll().stream().filter(r -> !excluded.contains(r.descriptor().name()))
                    .collect(Collectors.toSet());
        }
    }
}
