package org.ebpflb.runtime.lifecycle;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.plugin.DiscoveredPlugin;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.plugin.PluginSettings;

/**
 * What a valid configuration may still not do in a reload, each refused as {@code FILE:LINE: reason}: change a
 * setting only a restart applies ({@link #RESTART_ONLY}, and a plugin's {@code enabled}), or remove every running
 * service without the operator saying so ({@code lb.reload.allow-remove-all} or {@code --allow-remove-all}).
 */
final class ReloadGuard {
    /**
     * A setting read once, at start.
     *
     * @param key its path in the file
     * @param value its value in a configuration
     * @param why why a running instance cannot change it
     */
    private record Setting(String key, Function<LbConfig, Object> value, String why) {
    }

    private static final List<Setting> RESTART_ONLY = List.of(
            new Setting("lb.instance", LbConfig::instance, "the instance owns its lock and pinned state"),
            new Setting("lb.plugin-dir", LbConfig::pluginDir, "plugins are loaded at start"),
            new Setting("lb.admin.listen", c -> c.admin().listen(), "the admin API is bound at start"),
            new Setting("lb.admin.token-file", c -> c.admin().tokenFile(), "the token is read at start"),
            new Setting("lb.dataplane.kind", c -> c.dataplane().kind(), "the data plane is opened at start"),
            new Setting("lb.dataplane.pin-root", c -> c.dataplane().pinRoot(), "the maps are pinned at start"),
            new Setting("lb.dataplane.xdp-mode", c -> c.dataplane().xdpMode(), "programs are attached at start"),
            new Setting("lb.dataplane.max-connections", c -> c.dataplane().capacity().connections(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-half-open", c -> c.dataplane().capacity().halfOpen(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-services", c -> c.dataplane().capacity().services(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-target-groups", c -> c.dataplane().capacity().targetGroups(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-targets", c -> c.dataplane().capacity().targets(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-source-routes", c -> c.dataplane().capacity().sourceRoutes(), "the maps are sized at start"),
            new Setting("lb.dataplane.max-table-slots", c -> c.dataplane().capacity().tableSlots(), "the maps are sized at start"),
            new Setting("lb.dataplane.rate-limit-buckets", c -> c.dataplane().capacity().rateLimitBuckets(), "the maps are sized at start"),
            new Setting("lb.dataplane.tcp-idle-timeout", c -> c.dataplane().tcpIdleTimeout(),
                    "timeouts are written at start"),
            new Setting("lb.dataplane.udp-idle-timeout", c -> c.dataplane().udpIdleTimeout(),
                    "timeouts are written at start"),
            new Setting("lb.dataplane.half-open-timeout", c -> c.dataplane().halfOpenTimeout(),
                    "timeouts are written at start"),
            new Setting("lb.reload.watch", c -> c.reload().watch(), "the file watch starts with lb run"));

    private final PluginCatalog catalog;

    /** @param catalog the plugins discovered at start */
    ReloadGuard(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param running the running configuration
     * @param next the valid configuration the file now holds
     * @param request who asks, and whether it allows removing every service
     * @return why the reload is refused; empty when it may go ahead
     */
    List<ConfigProblem> check(LbConfig running, LbConfig next, ReloadRequest request) {
        Config file = parse(next);
        List<ConfigProblem> problems = new ArrayList<>();
        for (Setting s : RESTART_ONLY) {
            Object before = s.value().apply(running);
            Object after = s.value().apply(next);
            if (!Objects.equals(before, after)) {
                problems.add(at(next, file, s.key(), s.key() + " changed from " + shown(before) + " to " + shown(after)
                        + ": a reload cannot apply it (" + s.why() + "); restart lb run to change it"));
            }
        }
        for (DiscoveredPlugin p : catalog.loaded()) {
            boolean before = enabled(p, running.plugins());
            if (before != enabled(p, next.plugins())) {
                String key = "lb.plugins." + p.id() + ".enabled";
                problems.add(at(next, file, key, key + " changed to " + !before + ": a reload cannot apply it "
                        + "(plugins start and stop with lb run); restart lb run to change it"));
            }
        }
        if (!running.services().isEmpty() && next.services().isEmpty() && !next.reload().allowRemoveAll()
                && !request.allowRemoveAll()) {
            problems.add(at(next, file, "lb.services", "this reload would remove every running service ("
                    + String.join(", ", running.services().stream().map(ServiceSpec::name).toList())
                    + ") and drop their connections; an emptied file looks just like that, so it is refused. "
                    + "To apply it, set lb.reload.allow-remove-all = true or run lb reload --allow-remove-all"));
        }
        return problems;
    }

    private static String shown(Object value) {
        return value instanceof Optional<?> o ? o.map(ReloadGuard::shown).orElse("null") : "'" + value + "'";
    }

    /** The operator's file alone, for the line a key is on; empty when it cannot be read again. */
    private static Config parse(LbConfig next) {
        try {
            return ConfigFactory.parseFile(next.source().toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            return ConfigFactory.empty();
        }
    }

    private static ConfigProblem at(LbConfig next, Config file, String key, String message) {
        try {
            if (file.hasPathOrNull(key)) {
                return new ConfigProblem(next.source().toString(), file.getValue(key).origin().lineNumber(), message);
            }
        } catch (ConfigException e) {
            // a null value has no ConfigValue to ask: report the file alone
        }
        return new ConfigProblem(next.source().toString(), -1, message);
    }

    private static boolean enabled(DiscoveredPlugin p, Config operatorPlugins) {
        try {
            return PluginSettings.of(p.id(), operatorPlugins, p.defaults()).enabled();
        } catch (ConfigException e) {
            return true;
        }
    }
}
