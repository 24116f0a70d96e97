package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;

/** Everything plugins and the runtime tell each other. Events in this package are the contract between plugins. */
@Stable
public sealed interface LbEvent permits TargetHealthChanged, HealthProbeCompleted, DnsResolved, DnsFailed,
        CircuitStateChanged, DrainStarted, DrainCompleted, DrainTimedOut, DrainCancelled, ConfigReloaded,
        ConfigRejected, WeightsApplied {
    /** @return when it happened */
    Instant at();
}
