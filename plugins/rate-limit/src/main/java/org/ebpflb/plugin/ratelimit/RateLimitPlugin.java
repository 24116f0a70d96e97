package org.ebpflb.plugin.ratelimit;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate-limit plugin: limits on new connections per client prefix and per backend, per service, with an allow
 * list. It reads the limits and hands them to the data plane's {@code RateLimits} port, whose token buckets drop the
 * connections over a limit; it owns the service key {@code rate-limit}, and shows limits and drops in
 * {@code lb status} and at {@code GET /api/v1/rate-limits}.
 */
public final class RateLimitPlugin implements Plugin {
    /** The plugin id, its directory name and its settings key under {@code lb.plugins}. */
    public static final String ID = "rate-limit";
    private static final String SETTINGS_PATH = "lb.plugins." + ID;
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitPlugin.class);

    private AutoCloseable reloads;

    /** Creates the plugin; {@link #start} does the work. */
    public RateLimitPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKeys> configKeys() {
        return List.of(new RateLimitKeys());
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return List.of(RateLimitStatus.ROUTE);
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(LimitsBlock.KEY);
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        Settings s = Settings.of(settings, SETTINGS_PATH);
        LimitsBlock.readPluginWide(s);
        return s.problems();
    }

    /** Applies every service's limits, and again after each reload. */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        LimitEnforcer enforcer = new LimitEnforcer(context.rateLimits());
        if (!enforcer.enforcing()) {
            LOG.warn("rate-limit: this data plane has no rate limits (it forwards no packets): limits are shown, "
                    + "not enforced");
        }
        enforcer.sync(wanted(context));
        RateLimitStatus status = new RateLimitStatus(enforcer);
        context.register(status);
        context.register(status.route());
        reloads = context.events().subscribe(ConfigReloaded.class, event -> {
            try {
                enforcer.sync(wanted(context));
            } catch (FatalStartException e) {
                LOG.error("rate-limit: the reloaded limits cannot be read, the previous ones stay: {}", e.getMessage());
            }
        });
    }

    @Override
    public void stop() {
        if (reloads != null) {
            try {
                reloads.close();
            } catch (Exception e) {
                LOG.warn("rate-limit: could not unsubscribe from reload events", e);
            }
        }
    }

    /** Each service's block over the plugin-wide one; services whose limits limit nothing are left out. */
    private static Map<String, Limits> wanted(PluginContext context) throws FatalStartException {
        Config pluginWide = context.config();
        Map<String, Limits> out = new LinkedHashMap<>();
        for (ServiceSpec service : context.model().services()) {
            boolean own = service.config().hasPath(LimitsBlock.KEY);
            Settings s = own
                    ? Settings.of(LimitsBlock.overPluginWide(service.config().getConfig(LimitsBlock.KEY), pluginWide),
                            LimitsBlock.KEY)
                    : Settings.of(pluginWide, SETTINGS_PATH);
            Limits limits = LimitsBlock.readForService(s, service);
            if (!s.ok()) {
                throw new FatalStartException("rate-limit: invalid limits for service '" + service.name() + "':\n  "
                        + s.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")));
            }
            if (limits.limiting()) {
                out.put(service.name(), limits);
            }
        }
        return out;
    }
}
