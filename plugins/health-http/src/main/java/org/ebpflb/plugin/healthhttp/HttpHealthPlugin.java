package org.ebpflb.plugin.healthhttp;

import java.util.List;
import org.ebpflb.plugin.healthcommon.HealthCheckPlugin;

/** Plugin {@code health-http}: checks targets whose health-check type is {@code http} or {@code https}. */
public final class HttpHealthPlugin extends HealthCheckPlugin {
    /** Called by ServiceLoader. */
    public HttpHealthPlugin() {
        super("health-http", List.of(new HttpProbeType(false), new HttpProbeType(true)));
    }
}
