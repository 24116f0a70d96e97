package org.ebpflb.plugin.metrics;

import com.typesafe.config.Config;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics plugin: serves the Prometheus text format at {@code http://<lb.plugins.metrics.listen>/metrics}, made
 * at each scrape from the data plane's counters and from what the events on the bus reported.
 */
public final class MetricsPlugin implements Plugin {
    /** The plugin id, its directory name and its settings key under {@code lb.plugins}. */
    public static final String ID = "metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsPlugin.class);

    private AutoCloseable subscription;
    private MetricsEndpoint server;
    private InetSocketAddress listen;

    /** Creates the plugin; {@link #start} does the work. */
    public MetricsPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return MetricsSettings.read(settings).problems();
    }

    /**
     * Subscribes to every event and starts the endpoint.
     *
     * @throws FatalStartException when the settings are invalid
     * @throws IOException when the token file cannot be read or the address cannot be bound
     */
    @Override
    public void start(PluginContext context) throws FatalStartException, IOException {
        MetricsSettings.Result read = MetricsSettings.read(context.config());
        MetricsSettings settings = read.settings().orElseThrow(() -> new FatalStartException(
                "metrics: invalid settings:\n  " + read.problems().stream().map(ConfigProblem::toString)
                        .collect(Collectors.joining("\n  "))));
        listen = settings.listen();
        EventMetrics events = new EventMetrics();
        CollectorRegistry registry = new CollectorRegistry(true);
        registry.register(new ScrapeCollector(context, events));
        Optional<BearerAuthenticator> auth = settings.tokenFile().isPresent()
                ? Optional.of(BearerAuthenticator.fromFile(settings.tokenFile().get())) : Optional.empty();
        subscription = context.events().subscribe(LbEvent.class, events::on);
        try {
            server = MetricsEndpoint.start(settings.listen(), registry, auth);
        } catch (IOException e) {
            stop();
            throw new IOException("metrics: cannot listen on " + describe(settings.listen()) + ": " + e.getMessage()
                    + " (change lb.plugins.metrics.listen)", e);
        }
        LOG.info("metrics: Prometheus endpoint on http://{}/metrics{}", describe(address()),
                settings.tokenFile().isPresent() ? " (bearer token required)" : "");
    }

    /** @return where the endpoint listens (the real port when 0 was configured) */
    InetSocketAddress address() {
        return new InetSocketAddress(listen.getAddress(), server.port());
    }

    private static String describe(InetSocketAddress address) {
        return IpAddresses.withPort(address.getAddress(), address.getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("metrics: could not unsubscribe from events", e);
            }
            subscription = null;
        }
    }
}
