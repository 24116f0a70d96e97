/**
 * Data-plane ports plugins may use, through their {@link org.ebpflb.api.spi.PluginContext}: they read
 * {@link org.ebpflb.api.dataplane.DataPlaneStats} and drive the narrower ports
 * ({@link org.ebpflb.api.dataplane.RateLimits}, {@link org.ebpflb.api.dataplane.BackendSelector}). The port the
 * runtime's reconciler writes through lives in {@code org.ebpflb.api.dataplane.spi}, which plugins cannot see.
 * Plugins never touch BPF maps.
 */
package org.ebpflb.api.dataplane;
