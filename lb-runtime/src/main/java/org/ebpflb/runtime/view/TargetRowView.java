package org.ebpflb.runtime.view;

import java.util.List;

/**
 * One target of a group, as {@code lb explain} prints it.
 *
 * @param target {@code ip:port}
 * @param spec the configured target it came from, e.g. {@code api.internal:8080}
 * @param base the base weight
 * @param factors each modifier's factor, in pipeline order
 * @param effective the effective weight
 * @param sharePercent its share of the group, 0..100
 * @param slots its Maglev table slots
 */
public record TargetRowView(String target, String spec, double base, List<FactorView> factors, double effective,
                            double sharePercent, int slots) {
}
