/**
 * Data-plane selection ({@link org.ebpflb.runtime.dataplane.DataPlaneFactory}, the seam where the kernel data plane
 * plugs in) and the in-memory {@link org.ebpflb.runtime.dataplane.RecordingDataPlane}, which forwards no packets.
 */
package org.ebpflb.runtime.dataplane;
