/**
 * The health-http plugin: health-check types {@code http} and {@code https}, a GET of {@code path} with a chosen Host
 * header that passes on an expected status code. Scheduling, thresholds, slow start, events, the weight factor and
 * status come from the health-check library (org.ebpflb.plugin.healthcommon), which this plugin ships in its own plugin
 * directory. Nothing depends on this module; it is found by ServiceLoader.
 */
package org.ebpflb.plugin.healthhttp;
