package org.ebpflb.plugin.dns;

import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dns plugin: a {@code TargetSource} for targets with {@code host}, resolved with dnsjava against the configured
 * servers and followed as the name changes, with {@code GET /api/v1/dns}, a forced re-resolution route and a
 * "dns" status section.
 */
public final class DnsPlugin implements Plugin {
    /** The plugin id, its directory name and its settings key under {@code lb.plugins}. */
    public static final String ID = "dns";
    private static final Logger LOG = LoggerFactory.getLogger(DnsPlugin.class);

    private DnsTracker tracker;
    private AutoCloseable reloads;

    /** Creates the plugin; {@link #start} does the work. */
    public DnsPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> declaredTargetSources() {
        return List.of(DnsTargetSource.NAME);
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return DnsAdmin.ROUTES;
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(DnsAdmin.SECTION);
    }

    @Override
    public List<ConfigKeys> configKeys() {
        return List.of(new DnsConfigKeys());
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return DnsSettings.read(settings).problems();
    }

    /**
     * Resolves every hostname target once; fails the start when one does not resolve, unless
     * {@code on-startup-failure = start-empty}.
     */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        DnsSettings.Result read = DnsSettings.read(context.config());
        DnsSettings settings = read.settings().orElseThrow(() -> new FatalStartException(
                "dns: invalid settings:\n  " + read.problems().stream().map(ConfigProblem::toString)
                        .collect(Collectors.joining("\n  "))));
        AddressResolver resolver = new AddressResolver(settings.servers(), settings.timeout(), settings.attempts());
        RefreshPolicy policy = new RefreshPolicy(settings.minRefresh(), settings.maxRefresh(), settings.jitter(),
                new SecureRandom());
        DnsTracker names = new DnsTracker(context, settings, resolver, policy);
        List<String> failures = names.resolveAll(names.sync(context.model()));
        if (!failures.isEmpty()) {
            String servers = resolver.servers().stream().map(ServerAddress::format).collect(Collectors.joining(", "));
            if (settings.onStartupFailure() == StartupFailureMode.FAIL) {
                names.stop();
                throw new FatalStartException("dns: " + failures.size() + " hostname target(s) did not resolve at "
                        + "startup (servers " + servers + "):\n  " + String.join("\n  ", failures)
                        + "\nFix the name or lb.plugins.dns.servers, or set lb.plugins.dns.on-startup-failure = "
                        + StartupFailureMode.START_EMPTY.configValue()
                        + " to start without these addresses and keep retrying.");
            }
            LOG.warn("dns: starting without the addresses of {} name(s) (on-startup-failure = {}), retrying:\n  {}",
                    failures.size(), StartupFailureMode.START_EMPTY.configValue(), String.join("\n  ", failures));
        }
        DnsAdmin admin = new DnsAdmin(context, names);
        context.register(new DnsTargetSource(names));
        admin.routes().forEach(context::register);
        context.register(admin.status());
        reloads = context.events().subscribe(ConfigReloaded.class,
                event -> names.resolveLater(names.sync(context.model())));
        tracker = names;
    }

    @Override
    public void stop() {
        if (reloads != null) {
            try {
                reloads.close();
            } catch (Exception e) {
                LOG.warn("dns: could not unsubscribe from reload events", e);
            }
        }
        if (tracker != null) {
            tracker.stop();
        }
    }
}
