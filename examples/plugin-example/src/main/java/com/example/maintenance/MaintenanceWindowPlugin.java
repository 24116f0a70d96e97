package com.example.maintenance;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the targets listed in {@code lb.plugins.maintenance-window.targets} out of rotation while a daily window is
 * open, and asks for a reconcile each time the window opens or closes so the weights follow promptly. A reload that
 * changes the settings applies them at once.
 */
public final class MaintenanceWindowPlugin implements Plugin {
    /** The plugin id: its directory under {@code plugins/} and its config subtree. */
    public static final String ID = "maintenance-window";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceWindowPlugin.class);

    private PluginContext context;
    private MaintenanceModifier modifier;
    private AutoCloseable reloads;
    private ScheduledFuture<?> nextChange;
    private boolean stopped;

    /** Required by {@link java.util.ServiceLoader}. */
    public MaintenanceWindowPlugin() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Shown by {@code lb plugins} before the plugin starts; registering anything else would fail the start. */
    @Override
    public List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(ID, WeightModifier.ORDER_MAINTENANCE, FactorKind.ADMINISTRATIVE));
    }

    /** Called by {@code lb validate}, before start and before every reload: a bad window never gets this far. */
    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return MaintenanceSettings.check(settings);
    }

    @Override
    public synchronized void start(PluginContext context) {
        this.context = context;
        this.modifier = new MaintenanceModifier(MaintenanceSettings.from(context.config()), context.clock());
        context.register(modifier);
        reloads = context.events().subscribe(ConfigReloaded.class, event -> reload());
        scheduleChangeAfter(context.clock().instant());
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (nextChange != null) {
            nextChange.cancel(false);
        }
        if (reloads != null) {
            try {
                reloads.close();
            } catch (Exception e) {
                LOG.warn("could not unsubscribe from reload events", e);
            }
        }
    }

    /** {@code context.config()} answers the reloaded settings; the runtime validated them before the reload. */
    private synchronized void reload() {
        MaintenanceSettings settings = MaintenanceSettings.from(context.config());
        if (!settings.equals(modifier.settings())) {
            modifier.update(settings);
            LOG.info("maintenance window now {} for {} target(s)", settings.window(), settings.targets().size());
            if (nextChange != null) {
                nextChange.cancel(false);
            }
            scheduleChangeAfter(context.clock().instant());
            context.requestReconcile();
        }
    }

    /** Steps from boundary to boundary rather than re-reading the clock, so an early wake-up cannot loop. */
    private synchronized void scheduleChangeAfter(Instant after) {
        if (stopped) {
            return;
        }
        Instant change = modifier.settings().window().nextChangeAfter(after);
        long delayMillis = Math.max(0, Duration.between(context.clock().instant(), change).toMillis());
        nextChange = context.scheduler().schedule(() -> {
            context.requestReconcile();
            scheduleChangeAfter(change);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
