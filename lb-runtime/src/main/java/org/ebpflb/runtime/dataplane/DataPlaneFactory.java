package org.ebpflb.runtime.dataplane;

import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.bpf.KernelDataPlane;
import org.ebpflb.bpf.XdpMode;
import org.ebpflb.runtime.config.DataplaneSettings;
import org.ebpflb.runtime.config.LbConfig;

/**
 * The one place that decides which {@link DataPlane} {@code lb run} writes to: the kernel data plane from lb-bpf
 * ({@code dataplane.kind = kernel}, the default) or the {@link RecordingDataPlane} ({@code kind = recording}), which
 * forwards nothing and is always reported as such.
 */
public final class DataPlaneFactory {
    private DataPlaneFactory() {
    }

    /**
     * @param config the running configuration (instance, pin root, XDP mode, conntrack sizes)
     * @return the data plane to reconcile into
     */
    public static DataPlane open(LbConfig config) {
        DataplaneSettings d = config.dataplane();
        if (d.kind().equals("recording")) {
            return new RecordingDataPlane();
        }
        return new KernelDataPlane(new KernelDataPlane.Settings(d.pinRoot(), config.instance(),
                XdpMode.parse(d.xdpMode()), d.maxConnections(), d.tcpIdleTimeout(), d.udpIdleTimeout(),
                KernelDataPlane.Settings.DEFAULT_TABLE_SLOTS, d.rateLimitBuckets()));
    }

    /**
     * @param dataPlane a data plane from {@link #open}
     * @return whether it forwards packets; false means the operator must be told it does not
     */
    public static boolean forwardsPackets(DataPlane dataPlane) {
        return !(dataPlane instanceof RecordingDataPlane);
    }
}
