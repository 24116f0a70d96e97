/**
 * Test doubles for unit-testing a plugin without the runtime: {@link org.ebpflb.testkit.TestPluginContext},
 * {@link org.ebpflb.testkit.ManualClock}, {@link org.ebpflb.testkit.RecordingEventBus}, and
 * {@link org.ebpflb.testkit.HoconModels} for services written as HOCON (origins carry FILE:LINE), and
 * {@link org.ebpflb.testkit.Await}, a bounded wait.
 *
 * <p>Who may depend on this module: plugin modules and ebpf-lb's own tests, in test scope only. It depends on lb-api
 * alone and on no test framework; ebpf-lb's privileged test tiers live in lb-testing.
 */
package org.ebpflb.testkit;
