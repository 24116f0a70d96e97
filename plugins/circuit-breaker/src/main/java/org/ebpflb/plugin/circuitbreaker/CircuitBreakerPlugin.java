package org.ebpflb.plugin.circuitbreaker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit-breaker plugin: an AVAILABILITY weight modifier per target of every service with a
 * {@code circuit-breaker} block, fed by the data plane's connection attempts and connect failures and by health
 * probe results; {@code POST .../circuit/{open|close|reset}}, a "circuits" status section and
 * {@code CircuitStateChanged} events.
 */
public final class CircuitBreakerPlugin implements Plugin {
    /** The plugin id. */
    public static final String ID = "circuit-breaker";
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerPlugin.class);

    private AutoCloseable events;
    private ScheduledFuture<?> checks;

    /** Creates the plugin; {@link #start} does the work. */
    public CircuitBreakerPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKeys> configKeys() {
        Config reference = ConfigFactory.parseURL(CircuitBreakerPlugin.class.getResource("/reference.conf"));
        return List.of(new BreakerConfigKeys(reference.getConfig("lb.plugins." + ID + ".defaults")));
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return BreakerConfig.read(settings).reader().problems();
    }

    @Override
    public List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(ID, WeightModifier.ORDER_CIRCUIT_BREAKER, FactorKind.AVAILABILITY));
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return List.of(new DeclaredRoute("POST", BreakerAdmin.PATH));
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(BreakerAdmin.SECTION);
    }

    /** Starts checking every {@code check-interval}; blocks that fail over the operator's defaults stop the start. */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        BreakerConfig.Read read = BreakerConfig.read(context.config());
        List<ConfigProblem> problems = new ArrayList<>(read.reader().problems());
        BreakerConfig config = read.config().orElse(null);
        if (config != null) {
            for (ServiceSpec s : context.model().services()) {
                BreakerConfig.block(s, config.defaults()).ifPresent(block -> {
                    if (block.ok()) {
                        BreakerSettings.read(block);
                    }
                    problems.addAll(block.problems());
                });
            }
        }
        if (!problems.isEmpty()) {
            throw new FatalStartException(ID + " cannot start:\n  " + problems.stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("\n  ")));
        }
        BreakerBook book = new BreakerBook(context.clock(), context.events(), context::requestReconcile);
        book.sync(context.model(), config.breakers(context.model()));
        context.register(book);
        BreakerAdmin admin = new BreakerAdmin(context, book);
        admin.routes().forEach(context::register);
        context.register(admin);
        events = context.events().subscribe(LbEvent.class, event -> {
            if (event instanceof ConfigReloaded) {
                BreakerConfig now = BreakerConfig.read(context.config()).config().orElse(config);
                book.sync(context.model(), now.breakers(context.model()));
            } else if (event instanceof HealthProbeCompleted probe && config.healthProbes()) {
                book.probed(probe);
            }
        });
        checks = context.scheduler().scheduleWithFixedDelay(() -> check(book, context),
                config.checkInterval().toMillis(), config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        Optional.ofNullable(checks).ifPresent(c -> c.cancel(false));
        Optional.ofNullable(events).ifPresent(CircuitBreakerPlugin::unsubscribe);
    }

    private static void unsubscribe(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("circuit-breaker: could not unsubscribe", e);
        }
    }

    /** One check; a failure is logged and the next check comes as planned. */
    private static void check(BreakerBook book, PluginContext context) {
        try {
            book.check(context.stats());
        } catch (RuntimeException e) {
            LOG.warn("circuit-breaker: check failed", e);
        }
    }
}
