/**
 * The health-tcp plugin: health-check type {@code tcp}, a TCP connect within the timeout. Scheduling, thresholds,
 * slow start, events, the weight factor and status come from the health-check library (org.ebpflb.plugin.healthcommon), which
 * this plugin ships in its own plugin directory. Nothing depends on this module; it is found by ServiceLoader.
 */
package org.ebpflb.plugin.healthtcp;
