package org.ebpflb.runtime.plugin;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import org.ebpflb.api.ApiVersion;
import org.ebpflb.api.spi.Plugin;

/**
 * The plugin API contract: a plugin records the lb-api version it was compiled against (javac writes it into the
 * plugin's module descriptor, as the version of its {@code requires org.ebpflb.api}), and runs on a runtime whose API
 * has the same major version and at least its minor version.
 */
final class ApiCompatibility {
    /** Shown for a plugin that records no API version (compiled against lb-api classes without a module version). */
    static final String UNKNOWN = "unknown";

    private ApiCompatibility() {
    }

    /**
     * @param plugin a loaded plugin
     * @return the lb-api version its module was compiled against, or {@link #UNKNOWN}
     */
    static String compiledAgainst(Plugin plugin) {
        ModuleDescriptor descriptor = plugin.getClass().getModule().getDescriptor();
        if (descriptor == null) {
            return UNKNOWN;
        }
        String api = Plugin.class.getModule().getName();
        return descriptor.requires().stream().filter(r -> r.name().equals(api)).findFirst()
                .flatMap(ModuleDescriptor.Requires::rawCompiledVersion).orElse(UNKNOWN);
    }

    /**
     * @param pluginApi what the plugin was compiled against, e.g. {@code 1.0}
     * @param runtimeApi what this runtime provides, e.g. {@code 1.2}
     * @return why the plugin cannot run here; empty when it can (or when its version is unknown)
     */
    static Optional<String> problem(String pluginApi, String runtimeApi) {
        if (pluginApi.equals(UNKNOWN)) {
            return Optional.empty();
        }
        int[] plugin = majorMinor(pluginApi);
        int[] runtime = majorMinor(runtimeApi);
        if (plugin[0] != runtime[0]) {
            return Optional.of("was built for plugin API " + pluginApi + ", but this ebpf-lb provides plugin API "
                    + runtimeApi + " (a different major version); rebuild it against lb-api " + runtime[0] + ".x");
        }
        if (plugin[1] > runtime[1]) {
            return Optional.of("was built for plugin API " + pluginApi + ", newer than the plugin API " + runtimeApi
                    + " of this ebpf-lb; upgrade ebpf-lb or rebuild it against lb-api " + runtimeApi);
        }
        return Optional.empty();
    }

    /** @return this runtime's plugin API version */
    static String runtime() {
        return ApiVersion.current();
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {-1, 0}; // not an API version at all: never compatible, and the message shows it
        }
    }
}
