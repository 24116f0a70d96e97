package org.ebpflb.runtime.view;

/**
 * One modifier's factor for one target.
 *
 * @param modifier the modifier's name
 * @param plugin its plugin
 * @param value the factor
 * @param kind AVAILABILITY, ADMINISTRATIVE or LOAD
 * @param reason the modifier's reason, or {@code error: ...}
 * @param failed whether the modifier failed and 1 stands in
 * @param ignored whether the panic rule ignores this factor
 */
public record FactorView(String modifier, String plugin, double value, String kind, String reason, boolean failed,
                         boolean ignored) {
}
