package org.ebpflb.plugin.healthcommon;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A health plugin built on the library the way a third party would, with one scripted type "tcp". */
public final class FakeHealthPlugin extends HealthCheckPlugin {
    final ScriptedProbeType type;

    FakeHealthPlugin(Clock clock) {
        this(new ScriptedProbeType("tcp", clock, (t, s) -> ProbeResult.success(Duration.ofMillis(1), "ok")));
    }

    private FakeHealthPlugin(ScriptedProbeType type) {
        super("fake-health", List.of(type));
        this.type = type;
    }
}
