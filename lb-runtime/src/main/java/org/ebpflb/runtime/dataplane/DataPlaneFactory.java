package org.ebpflb.runtime.dataplane;

import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.bpf.KernelDataPlane;
import org.ebpflb.bpf.LbPrograms;
import org.ebpflb.bpf.XdpMode;
import org.ebpflb.runtime.config.DataplaneCapacity;
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
     * @param config the running configuration (instance, pin root, XDP mode, map sizes, timeouts)
     * @param takeOver whether the kernel data plane may replace another ebpf-lb instance's programs
     * @return the data plane to reconcile into
     */
    public static DataPlane open(LbConfig config, boolean takeOver) {
        DataplaneSettings d = config.dataplane();
        if (!isKernel(config)) {
            return new RecordingDataPlane();
        }
        DataplaneCapacity c = d.capacity();
        LbPrograms.Sizes sizes = new LbPrograms.Sizes(c.services(), c.targetGroups(), c.targets(), c.sourceRoutes(),
                c.tableSlots(), c.connections(), c.halfOpen(), c.rateLimitBuckets(),
                LbPrograms.Sizes.DEFAULT.eventRingBytes());
        return new KernelDataPlane(new KernelDataPlane.Settings(d.pinRoot(), config.instance(),
                XdpMode.parse(d.xdpMode()), sizes, d.tcpIdleTimeout(), d.udpIdleTimeout(), d.halfOpenTimeout(),
                takeOver));
    }

    /**
     * @param config a configuration
     * @return whether {@link #open} gives the kernel data plane, which needs privileges and owns pinned state
     */
    public static boolean isKernel(LbConfig config) {
        return !config.dataplane().kind().equals("recording");
    }

    /**
     * @param dataPlane a data plane from {@link #open}
     * @return whether it forwards packets; false means the operator must be told it does not
     */
    public static boolean forwardsPackets(DataPlane dataPlane) {
        return !(dataPlane instanceof RecordingDataPlane);
    }
}
