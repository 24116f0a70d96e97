package org.ebpflb.plugin.sni;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sni plugin: routes TLS connections by the ClientHello's server name without terminating TLS. It owns the
 * service keys {@code sni-routes}, {@code sni-default} and {@code proxy-protocol}; the runtime serves services with
 * SNI routes in user space (the kernel passes their packets to the node's own stack) and this plugin accepts their
 * connections. Its counters are the "sni" section of {@code lb status} and {@code GET /api/v1/sni}.
 */
public final class SniPlugin implements Plugin {
    /** The plugin id, its directory name and its settings key under {@code lb.plugins}. */
    public static final String ID = "sni";
    /** The section of {@code lb status}. */
    static final String SECTION = "sni";
    private static final DeclaredRoute ROUTE = new DeclaredRoute("GET", "/api/v1/sni");
    private static final long RETRY_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(SniPlugin.class);

    private SniListeners listeners;
    private AutoCloseable reloads;
    private ScheduledFuture<?> retries;

    /** Creates the plugin; {@link #start} does the work. */
    public SniPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKeys> configKeys() {
        return List.of(new SniKeys());
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(SECTION);
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return List.of(ROUTE);
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        Settings s = SniSettings.reader(settings);
        SniSettings.read(s);
        return s.problems();
    }

    /** Binds a listener per service with SNI routes, and again after each reload. */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        Settings s = SniSettings.reader(context.config());
        SniSettings settings = SniSettings.read(s);
        if (!s.ok()) {
            throw new FatalStartException("sni: invalid settings: " + s.problems());
        }
        listeners = new SniListeners(context.backendSelector(), settings);
        StatusProvider status = new StatusProvider() {
            @Override
            public String section() {
                return SECTION;
            }

            @Override
            public Map<String, ?> snapshot() {
                return listeners.snapshot();
            }
        };
        context.register(status);
        context.register(new AdminRoute(ROUTE.method(), ROUTE.path(), request -> AdminResponse.ok(status.snapshot())));
        if (context.offline()) {
            return; // lb explain without a running instance: no sockets
        }
        listeners.sync(context.model());
        reloads = context.events().subscribe(ConfigReloaded.class, e -> listeners.sync(context.model()));
        retries = context.scheduler().scheduleWithFixedDelay(() -> {
            if (listeners.anyUnbound()) {
                listeners.sync(context.model());
            }
        }, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (retries != null) {
            retries.cancel(false);
        }
        if (reloads != null) {
            try {
                reloads.close();
            } catch (Exception e) {
                LOG.warn("sni: could not unsubscribe from reload events", e);
            }
        }
        if (listeners != null) {
            listeners.close();
        }
    }
}
