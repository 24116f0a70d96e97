package org.ebpflb.plugin.healthtcp;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.plugin.healthcommon.Probe;
import org.ebpflb.plugin.healthcommon.ProbeType;

/** Type {@code tcp}: no keys beyond the common ones. */
final class TcpProbeType implements ProbeType {
    private final TcpProbe probe = new TcpProbe();

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public List<ConfigProblem> validate(Config block) {
        return List.of();
    }

    @Override
    public Probe bind(Config block) {
        return probe;
    }
}
