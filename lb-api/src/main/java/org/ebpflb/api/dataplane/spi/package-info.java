/**
 * The data-plane provider interface: {@link org.ebpflb.api.dataplane.spi.DataPlane}, implemented by lb-bpf (the
 * kernel) and by the runtime's recording stand-in, and the tables the runtime's reconciler writes through it
 * ({@link org.ebpflb.api.dataplane.spi.ServiceTables}, {@link org.ebpflb.api.dataplane.spi.GroupTable}). Exported to
 * lb-runtime and lb-bpf only: plugins never see these types.
 */
package org.ebpflb.api.dataplane.spi;
