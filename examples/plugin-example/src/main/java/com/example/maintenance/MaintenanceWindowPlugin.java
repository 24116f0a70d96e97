package com.example.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.WeightModifier;

/**
 * Takes the targets listed in {@code lb.plugins.maintenance-window.targets} out of rotation while a daily window is
 * open, and asks for a reconcile each time the window opens or closes so the weights follow promptly.
 */
public final class MaintenanceWindowPlugin implements Plugin {
    /** The plugin id: its directory under {@code plugins/} and its config subtree. */
    public static final String ID = "maintenance-window";

    private PluginContext context;
    private MaintenanceWindow window;
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

    @Override
    public synchronized void start(PluginContext context) throws Exception {
        MaintenanceSettings settings = MaintenanceSettings.from(context.config());
        this.context = context;
        this.window = settings.window();
        context.register(new MaintenanceModifier(settings, context.clock()));
        scheduleChangeAfter(context.clock().instant());
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (nextChange != null) {
            nextChange.cancel(false);
        }
    }

    /** Steps from boundary to boundary rather than re-reading the clock, so an early wake-up cannot loop. */
    private synchronized void scheduleChangeAfter(Instant after) {
        if (stopped) {
            return;
        }
        Instant change = window.nextChangeAfter(after);
        long delayMillis = Math.max(0, Duration.between(context.clock().instant(), change).toMillis());
        nextChange = context.scheduler().schedule(() -> {
            context.requestReconcile();
            scheduleChangeAfter(change);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
