package org.ebpflb.runtime.dataplane;

import org.ebpflb.api.dataplane.DataPlane;
import org.ebpflb.runtime.config.LbConfig;

/**
 * The one place that decides which {@link DataPlane} {@code lb run} writes to. This build has no kernel data plane
 * wired in, so it opens the {@link RecordingDataPlane}; the kernel implementation from lb-bpf (pinned maps under
 * {@code <pin-root>/ebpf-lb/<instance>}, XDP and TC programs) replaces it here.
 */
public final class DataPlaneFactory {
    private DataPlaneFactory() {
    }

    /**
     * @param config the running configuration (instance, pin root, XDP mode, conntrack sizes)
     * @return the data plane to reconcile into
     */
    public static DataPlane open(LbConfig config) {
        return new RecordingDataPlane();
    }

    /**
     * @param dataPlane a data plane from {@link #open}
     * @return whether it forwards packets; false means the operator must be told it does not
     */
    public static boolean forwardsPackets(DataPlane dataPlane) {
        return !(dataPlane instanceof RecordingDataPlane);
    }
}
