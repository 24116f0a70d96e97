/**
 * Test doubles for unit-testing a plugin without the runtime: {@link org.ebpflb.testkit.TestPluginContext},
 * {@link org.ebpflb.testkit.ManualClock}, {@link org.ebpflb.testkit.RecordingEventBus}, and
 * {@link org.ebpflb.testkit.HoconModels} for services written as HOCON (origins carry FILE:LINE).
 *
 * <p>Who may depend on this module: plugin modules, in test scope only. It depends on lb-api alone.
 */
package org.ebpflb.testkit;
