/**
 * Typed reading of a plugin's settings and of its service and target keys: {@link org.ebpflb.api.settings.Settings}
 * turns a {@code Config} into durations, bounded numbers, percentages, enums, addresses and lists, and collects
 * {@link org.ebpflb.api.spi.ConfigProblem}s with the file and line of the operator's config. {@link
 * org.ebpflb.api.settings.DidYouMean} and {@link org.ebpflb.api.settings.Durations} are the wording helpers it uses,
 * public so plugins word their own messages the same way.
 */
package org.ebpflb.api.settings;
