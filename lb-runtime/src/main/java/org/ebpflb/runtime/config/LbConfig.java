package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.ServiceSpec;

/**
 * A validated configuration: everything under the root key {@code lb}.
 *
 * @param source the file it was read from
 * @param instance instance name; pinned state lives under {@code <pin-root>/ebpf-lb/<instance>}
 * @param pluginDir the plugin directory, resolved against the install directory
 * @param admin admin API settings
 * @param dataplane data-plane settings
 * @param reload how reloads are triggered and guarded
 * @param plugins the {@code lb.plugins} subtree (per-plugin settings, not yet merged with plugin defaults)
 * @param services the services, in file order
 */
public record LbConfig(Path source, String instance, Path pluginDir, AdminSettings admin,
                       DataplaneSettings dataplane, ReloadSettings reload, Config plugins, List<ServiceSpec> services) {
    /** Copies the list. */
    public LbConfig {
        services = List.copyOf(services);
    }

    /**
     * @param name a service name
     * @return the service, if configured
     */
    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
