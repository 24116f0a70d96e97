/**
 * Data-plane ports. {@link org.ebpflb.api.dataplane.DataPlane} is implemented by lb-bpf (the kernel) and driven only
 * by the runtime's reconciler; plugins read {@link org.ebpflb.api.dataplane.DataPlaneStats} and drive the narrower
 * ports ({@link org.ebpflb.api.dataplane.RateLimits}, {@link org.ebpflb.api.dataplane.BackendSelector},
 * {@link org.ebpflb.api.dataplane.FlowTable}, {@link org.ebpflb.api.dataplane.DrainStore}) through
 * their {@link org.ebpflb.api.spi.PluginContext}. Plugins never touch BPF maps.
 */
package org.ebpflb.api.dataplane;
