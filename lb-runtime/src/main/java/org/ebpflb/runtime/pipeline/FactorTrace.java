package org.ebpflb.runtime.pipeline;

import org.ebpflb.api.spi.FactorKind;

/**
 * One modifier's factor for one target, as shown by {@code lb explain}.
 *
 * @param modifier the modifier's name
 * @param plugin the plugin that registered it
 * @param value the factor; 1 when the modifier failed
 * @param kind what it expresses (LOAD, and neutral, when the modifier failed)
 * @param reason the modifier's reason, or {@code error: ...} when it threw or timed out
 * @param failed whether the modifier failed and the factor is the neutral stand-in
 */
public record FactorTrace(String modifier, String plugin, double value, FactorKind kind, String reason,
                          boolean failed) {
}
