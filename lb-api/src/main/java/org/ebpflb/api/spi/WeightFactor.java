package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;

/**
 * One modifier's verdict on one target: effective weight = base weight x the product of all factors.
 *
 * @param value &gt;= 0; 1 leaves the weight alone, 0 takes the target out
 * @param kind what the factor expresses
 * @param reason a short explanation shown by {@code lb explain}
 */
@Stable
public record WeightFactor(double value, FactorKind kind, String reason) {
    /** Rejects negative and non-finite values. */
    public WeightFactor {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("factor must be a finite value >= 0, got " + value);
        }
    }

    /**
     * @param kind the modifier's kind
     * @param reason why nothing changes, e.g. "healthy"
     * @return factor 1
     */
    public static WeightFactor neutral(FactorKind kind, String reason) {
        return new WeightFactor(1.0, kind, reason);
    }
}
