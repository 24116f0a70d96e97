package org.ebpflb.plugin.healthtcp;

import java.util.List;
import org.ebpflb.plugin.healthcommon.HealthCheckPlugin;

/** Plugin {@code health-tcp}: checks targets whose health-check type is {@code tcp}. */
public final class TcpHealthPlugin extends HealthCheckPlugin {
    /** Called by ServiceLoader. */
    public TcpHealthPlugin() {
        super("health-tcp", List.of(new TcpProbeType()));
    }
}
