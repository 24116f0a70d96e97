package org.ebpflb.runtime.pipeline;

import java.util.List;
import java.util.Locale;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;

/**
 * The panic rule (Envoy's panic threshold): when the available share of a group's weight falls to zero or below the
 * threshold, AVAILABILITY factors are ignored for that group, so traffic spreads over every target rather than
 * piling onto the few left or going nowhere. ADMINISTRATIVE zeros always hold.
 */
final class PanicRule {
    private PanicRule() {
    }

    /**
     * @param targets the group's targets
     * @param factors each target's factors, same order
     * @param thresholdPercent 0..100; 0 means panic only when nothing is available
     * @return the group's panic state
     */
    static PanicState evaluate(List<Target> targets, List<List<FactorTrace>> factors, double thresholdPercent) {
        double total = 0;
        double available = 0;
        for (int i = 0; i < targets.size(); i++) {
            List<FactorTrace> f = factors.get(i);
            if (product(f, FactorKind.ADMINISTRATIVE) == 0) {
                continue; // taken out by an operator: neither available nor missing
            }
            total += targets.get(i).baseWeight();
            available += targets.get(i).baseWeight() * product(f, FactorKind.AVAILABILITY);
        }
        if (total == 0) {
            return new PanicState(false, 0, thresholdPercent,
                    "no panic: no target outside administrative zeros carries weight");
        }
        double percent = 100 * available / total;
        boolean panic = available == 0 || percent < thresholdPercent;
        String figures = String.format(Locale.ROOT, "%.1f%% of weight available, threshold %.1f%%", percent,
                thresholdPercent);
        return new PanicState(panic, percent, thresholdPercent, panic
                ? "PANIC: " + figures + "; AVAILABILITY factors ignored, traffic spread over all targets"
                : "no panic: " + figures);
    }

    /**
     * @param factors one target's factors
     * @param panic whether the group is in panic
     * @return the product of the factors in force
     */
    static double productInForce(List<FactorTrace> factors, boolean panic) {
        double p = 1;
        for (FactorTrace f : factors) {
            if (!(panic && f.kind() == FactorKind.AVAILABILITY)) {
                p *= f.value();
            }
        }
        return p;
    }

    private static double product(List<FactorTrace> factors, FactorKind kind) {
        double p = 1;
        for (FactorTrace f : factors) {
            if (f.kind() == kind) {
                p *= f.value();
            }
        }
        return p;
    }
}
