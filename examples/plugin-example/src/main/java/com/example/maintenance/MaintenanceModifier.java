package com.example.maintenance;

import java.time.Clock;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;

/** Gives the listed targets factor 0 while the window is open; an administrative zero holds even in panic. */
final class MaintenanceModifier implements WeightModifier {
    private volatile MaintenanceSettings settings;
    private final Clock clock;

    MaintenanceModifier(MaintenanceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** @return the settings in force */
    MaintenanceSettings settings() {
        return settings;
    }

    /** @param settings replaces the settings, after a reload */
    void update(MaintenanceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return MaintenanceWindowPlugin.ID;
    }

    @Override
    public int order() {
        return ORDER_MAINTENANCE;
    }

    @Override
    public WeightFactor factor(Target target) {
        MaintenanceSettings settings = this.settings;
        if (!settings.targets().contains(target.endpoint())) {
            return WeightFactor.neutral(FactorKind.ADMINISTRATIVE, "no maintenance scheduled");
        }
        if (settings.window().isOpen(clock.instant())) {
            return new WeightFactor(0, FactorKind.ADMINISTRATIVE, "maintenance window " + settings.window());
        }
        return WeightFactor.neutral(FactorKind.ADMINISTRATIVE, "outside maintenance window " + settings.window());
    }
}
