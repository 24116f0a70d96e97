package org.ebpflb.lab.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One target of a service's default group as {@code GET /api/v1/services/{name}/explain} reports it: how the demo
 * (and end-to-end tests) see a reload or a health verdict take effect.
 *
 * @param target {@code ip:port}
 * @param base the configured weight
 * @param effective the weight after every modifier (0 when a health check took the target out)
 * @param factors each modifier's factor, in pipeline order
 */
public record TargetWeights(String target, double base, double effective, List<Factor> factors) {
    /** Copies the list. */
    public TargetWeights {
        factors = List.copyOf(factors);
    }

    /**
     * One modifier's factor.
     *
     * @param modifier the modifier's name, e.g. {@code health-http}
     * @param value the factor
     * @param reason the modifier's reason
     */
    public record Factor(String modifier, double value, String reason) {
        /** @return e.g. {@code health-http x0 unhealthy (connection refused)} */
        @Override
        public String toString() {
            return modifier + " x" + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + " " + reason;
        }
    }

    /**
     * @param modifier a modifier's name
     * @return its factor for this target
     */
    public Optional<Factor> factor(String modifier) {
        return factors.stream().filter(f -> f.modifier().equals(modifier)).findFirst();
    }
}
