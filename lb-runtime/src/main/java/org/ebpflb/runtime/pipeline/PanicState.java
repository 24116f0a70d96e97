package org.ebpflb.runtime.pipeline;

/**
 * Whether a group is in panic: too little of its weight is available, so AVAILABILITY factors are ignored and
 * traffic spreads over every target not taken out administratively.
 *
 * @param panic whether AVAILABILITY factors are ignored for the group
 * @param availablePercent base weight x AVAILABILITY factors over base weight, for targets not zeroed
 *     administratively, 0..100
 * @param thresholdPercent the configured panic threshold
 * @param explanation one line for {@code lb explain}
 */
public record PanicState(boolean panic, double availablePercent, double thresholdPercent, String explanation) {
}
