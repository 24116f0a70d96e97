package org.ebpflb.runtime.admin;

import java.util.List;
import java.util.Optional;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.runtime.registry.Registered;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.PluginView;
import org.ebpflb.runtime.view.ReloadView;
import org.ebpflb.runtime.view.ServiceView;
import org.ebpflb.runtime.view.StatusView;

/** What the admin API asks the running instance; implemented by the lifecycle, faked nowhere. */
public interface AdminBackend {
    /** @return the instance status */
    StatusView status();

    /** @return every service with effective weights */
    List<ServiceView> services();

    /**
     * @param service a service name
     * @return its weight trace, empty when no such service is configured
     */
    Optional<ExplainView> explain(String service);

    /** @return every plugin */
    List<PluginView> plugins();

    /**
     * @param allowRemoveAll whether this reload may remove every running service
     * @return the outcome of re-reading the configuration file, once applied or refused
     */
    ReloadView reload(boolean allowRemoveAll);

    /** @return the data plane's live connections, when it keeps a connection table */
    default Optional<ConnectionTable> connectionTable() {
        return Optional.empty();
    }

    /** @return the routes plugins registered */
    List<Registered<AdminRoute>> pluginRoutes();

    /** @return runtime changes: services and targets changed without editing the file */
    RuntimeControl runtime();

    /** @return the event bus, which the event stream follows */
    EventBus events();
}
