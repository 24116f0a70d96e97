package org.ebpflb.plugin.drain;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.WeightsApplied;
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
 * The drain plugin: an ADMINISTRATIVE weight modifier that takes drained targets out of new connections, checks
 * their active connections every {@code check-interval} until none is left or the timeout passes, admin routes to
 * drain, undrain and list, and a "drains" status section. Drains are kept beside the pinned data-plane state.
 */
public final class DrainPlugin implements Plugin {
    /** The plugin id. */
    public static final String ID = "drain";
    private static final Logger LOG = LoggerFactory.getLogger(DrainPlugin.class);
    /** How long a drain request waits for tables without its target before it answers anyway. */
    private static final Duration APPLY_WAIT = Duration.ofSeconds(3);

    private ScheduledFuture<?> checks;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    /** Creates the plugin; {@link #start} does the work. */
    public DrainPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigKeys> configKeys() {
        return List.of(new DrainConfigKeys());
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return DrainSettings.read(settings).reader().problems();
    }

    @Override
    public List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(ID, WeightModifier.ORDER_DRAIN, FactorKind.ADMINISTRATIVE));
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return DrainAdmin.ROUTES;
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(DrainAdmin.SECTION);
    }

    /** Resumes kept drains, then checks every {@code check-interval}. */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        DrainSettings settings = settings(context.config());
        DrainBook book = new DrainBook(context.clock(), context.events(), context.drainStore(), context.flows(),
                context::requestReconcile, settings.checkInterval());
        int resumed = book.restore();
        book.sync(context.model());
        if (resumed > 0) {
            LOG.info("drain: resumed {} drain(s) kept by an earlier run", resumed);
        }
        TablesWatch tables = new TablesWatch();
        DrainAdmin admin = new DrainAdmin(context, book, () -> settingsOrDefault(context, settings), tables,
                APPLY_WAIT);
        context.register(book);
        admin.routes().forEach(context::register);
        context.register(admin);
        subscriptions.add(context.events().subscribe(ConfigReloaded.class, event -> book.sync(context.model())));
        subscriptions.add(context.events().subscribe(WeightsApplied.class, tables::applied));
        long every = settings.checkInterval().toMillis();
        checks = context.scheduler().scheduleWithFixedDelay(() -> {
            try {
                book.check(context.stats());
            } catch (RuntimeException e) {
                LOG.warn("drain: check failed; next one in {} ms", every, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (checks != null) {
            checks.cancel(false);
        }
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("drain: could not unsubscribe", e);
            }
        }
    }

    private static DrainSettings settings(Config config) throws FatalStartException {
        DrainSettings.Read read = DrainSettings.read(config);
        return read.settings().orElseThrow(() -> new FatalStartException("drain: invalid settings:\n  "
                + read.reader().problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "))));
    }

    /** A reload validated the settings already; the start's stay in force should they not read. */
    private static DrainSettings settingsOrDefault(PluginContext context, DrainSettings atStart) {
        return DrainSettings.read(context.config()).settings().orElse(atStart);
    }
}
